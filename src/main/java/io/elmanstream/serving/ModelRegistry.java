package io.elmanstream.serving;

import io.elmanstream.config.ElmanSettings;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.ModelFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The models in service, newest accepted version per name, shared by all stream threads of one
 * instance. Fed only by the global models store's processor, so every instance holds the same
 * models; a document is accepted only if it is valid and newer than the one serving, so a bad or
 * stale document never displaces a good model.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final int maxDocumentBytes;

    /** With the default document limit. */
    public ModelRegistry() {
        this(ElmanSettings.DEFAULT_MODEL_MAX_BYTES);
    }

    /** @param maxDocumentBytes larger documents are refused ({@code elman.model.max.bytes}) */
    public ModelRegistry(int maxDocumentBytes) {
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /**
     * The one acceptance rule, shared with the audit topology: a valid document, published under
     * its own name, with a version newer than the serving one ({@code servingVersion} gives it,
     * or null when none serves).
     */
    static Model accept(String key, byte[] document, int maxDocumentBytes, Function<String, Long> servingVersion)
            throws ModelFormatException {
        if (document == null) throw new ModelFormatException("a tombstone (null value) cannot remove a model: the previous version keeps serving");
        if (document.length > maxDocumentBytes) {
            throw new ModelFormatException("model document of " + document.length + " bytes is over the limit of " + maxDocumentBytes
                    + " bytes (elman.model.max.bytes)");
        }
        Model m = ModelCodec.fromBytes(document);
        if (key != null && !key.equals(m.name())) {
            throw new ModelFormatException("record key '" + key + "' differs from the model name '" + m.name() + "'");
        }
        Long serving = servingVersion.apply(m.name());
        if (serving != null && m.version() <= serving) {
            throw new ModelFormatException("model " + m.name() + " version " + m.version() + " is not newer than the serving version " + serving);
        }
        return m;
    }

    /** The models serving now, by name. */
    public List<Model> all() {
        return models.values().stream().sorted(Comparator.comparing(Model::name)).toList();
    }

    /** The newest accepted model of that name, or null. */
    public Model get(String name) {
        return models.get(name);
    }

    /**
     * Validates a model document published under {@code key} and serves it if it is newer.
     *
     * @return the accepted model
     * @throws ModelFormatException naming why it was refused
     */
    public Model offer(String key, byte[] document) throws ModelFormatException {
        Model m = accept(key, document, maxDocumentBytes, name -> {
            Model c = models.get(name);
            return c == null ? null : c.version();
        });
        models.put(m.name(), m);
        LOG.info("serving model {} version {} ({} hidden units, vocabulary of {})", m.name(), m.version(),
                m.net().shape().numHid(), m.vocabulary().size());
        return m;
    }
}
