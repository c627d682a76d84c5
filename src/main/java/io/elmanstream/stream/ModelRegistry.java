package io.elmanstream.stream;

import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.ModelFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models in service, newest accepted version per name, shared by all stream threads of one
 * instance. Fed only by the global models store's processor, so every instance holds the same
 * models; a document is accepted only if it is valid and newer than the one serving, so a bad or
 * stale document never displaces a good model.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private final Map<String, Model> models = new ConcurrentHashMap<>();

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
        Model m = ModelCodec.fromBytes(document);
        if (key != null && !key.equals(m.name())) {
            throw new ModelFormatException("record key '" + key + "' differs from the model name '" + m.name() + "'");
        }
        Model current = models.get(m.name());
        if (current != null && m.version() <= current.version()) {
            throw new ModelFormatException("model " + m.name() + " version " + m.version()
                    + " is not newer than the serving version " + current.version());
        }
        models.put(m.name(), m);
        LOG.info("serving model {} version {} ({} hidden units, vocabulary of {})", m.name(), m.version(),
                m.net().shape().numHid(), m.vocabulary().size());
        return m;
    }
}
