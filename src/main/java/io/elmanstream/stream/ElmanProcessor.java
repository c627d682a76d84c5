package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.model.Alert;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.Model;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.model.SurpriseWindow;
import io.elmanstream.records.AlertCodec;
import io.elmanstream.records.BadRecordException;
import io.elmanstream.records.DeadLetters;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.records.PredictionCodec;
import io.elmanstream.records.Utf8Text;
import io.elmanstream.serving.AlertRules;
import io.elmanstream.serving.ModelRegistry;
import io.elmanstream.state.KeyState;
import io.elmanstream.state.RecentSymbols;
import io.elmanstream.state.StateRewarm;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The per-event step: validate the event, load the key's hidden state, bring it to the serving
 * model version if it was computed by an older one (re-warm), apply the net, store the new state and
 * emit the prediction. Every record ends as exactly one prediction or one dead letter, and no output
 * is larger than the producer and the output topics accept. An event that arrived on another
 * partition than its key's (so another task than the one holding the key's state) is forwarded
 * to that partition of the rerouted-events topic first, carrying its origin in a header.
 */
final class ElmanProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    static final String STAGE_VALIDATE = "validate";
    static final String STAGE_MODEL_MISSING = "model-missing";
    private static final Logger LOG = LoggerFactory.getLogger(ElmanProcessor.class);

    private final ModelRegistry registry;
    private final String storeName;
    /** Where outputs go: the sinks' names, and the events topic (records from any other source were rerouted already). */
    record Sinks(String predictions, String deadLetter, String reroute, String alerts, String eventsTopic) {
    }


    private final String predictionsSink;
    private final String deadLetterSink;
    private final String rerouteSink;
    private final String alertsSink;
    private final AppConfig config;
    private final String eventsTopic;
    private final int eventPartitions;
    private Sensor rerouted;
    private final int recentWindow;
    private final int maxEventBytes;
    private final int maxKeyBytes;
    private final int maxOutputBytes;
    private final long idleStateMs;
    private final DeadLetters deadLetters;
    private final RefusedOutputs refused;
    private final PredictionCodec json = new PredictionCodec();
    /** The net, the meters, the store keys' prefix and the alert rule (null: none) of the model version serving a name, built once per version. */
    private record Serving(Predictor predictor, StreamMeters.VersionMeters meters, byte[] keyPrefix, AlertRule alertRule) {
    }

    private final Map<String, Serving> serving = new HashMap<>();
    private final Map<String, Counter> deadLetterCounters = new HashMap<>();
    private final StreamMeters meters;
    private Timer stepTimer;
    // what the last step() predicted, for the meters once its prediction is written
    private StreamMeters.VersionMeters lastMeters;
    private double lastSurprisal;
    private boolean lastHasTarget;
    private boolean lastRight;
    /** The alerts the last step() raised or cleared (a reset's clearing, then the step's own), to write after its prediction. */
    private final List<Record<byte[], byte[]>> lastAlerts = new ArrayList<>(2);
    private final List<SurpriseWindow.Change> lastChanges = new ArrayList<>(2);
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, KeyState> store;
    private Sensor rewarms;
    private Sensor rewarmDropped;

    ElmanProcessor(ModelRegistry registry, String storeName, Sinks sinks, AppConfig config, RefusedOutputs refused, ClusterFacts facts,
                   StreamMeters meters) {
        this.meters = meters;
        this.registry = registry;
        this.storeName = storeName;
        this.predictionsSink = sinks.predictions();
        this.deadLetterSink = sinks.deadLetter();
        this.rerouteSink = sinks.reroute();
        this.alertsSink = sinks.alerts();
        this.config = config;
        this.eventsTopic = sinks.eventsTopic();
        this.eventPartitions = facts.eventPartitions();
        this.recentWindow = config.recentWindow();
        this.maxEventBytes = config.maxEventBytes();
        this.maxKeyBytes = config.maxKeyBytes();
        this.idleStateMs = config.idleStateMs();
        this.deadLetters = new DeadLetters(config.maxKeyBytes(), config.deadLetterMaxBytes());
        this.refused = refused;
        this.maxOutputBytes = facts.maxOutputBytes();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // metrics rewarm-{rate,total} and rewarm-dropped-symbols-{rate,total}, group stream-elman-metrics, per task
        String task = context.taskId().toString();
        rewarms = context.metrics().addRateTotalSensor("elman", task, "rewarm", Sensor.RecordingLevel.INFO);
        rewarmDropped = context.metrics().addRateTotalSensor("elman", task, "rewarm-dropped-symbols", Sensor.RecordingLevel.INFO);
        stepTimer = meters.step();
        rerouted = context.metrics().addRateTotalSensor("elman", task, "rerouted", Sensor.RecordingLevel.INFO);
        // at-least-once: dead letters of predictions the broker refused, queued by OutputFailureHandler
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> writeQueuedDeadLetters());
        if (idleStateMs > 0) {
            // sweep at a tenth of the idle time (at most once a minute): a key may outlive its
            // idle time by that much, and the sweep's cost stays small next to the events
            long every = Math.max(1, Math.min(idleStateMs / 10, 60_000));
            context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::dropIdle);
        }
    }

    /** Deletes the state of keys not updated for longer than the idle time. */
    private void dropIdle(long now) {
        List<Bytes> idle = new ArrayList<>();
        try (KeyValueIterator<Bytes, KeyState> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (now - kv.value.updatedMs() > idleStateMs) idle.add(kv.key);
            }
        }
        idle.forEach(store::delete);
    }

    private void writeQueuedDeadLetters() {
        for (Record<byte[], byte[]> d; (d = refused.nextDeadLetter()) != null; ) context.forward(d, deadLetterSink);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long started = stepTimer == null ? 0 : System.nanoTime();
        writeQueuedDeadLetters();
        RecordMetadata source = context.recordMetadata().orElseThrow();
        if (misrouted(record.key(), source)) {
            rerouted.record();
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.add(DeadLetters.ORIGIN_HEADER, (source.topic() + " " + source.partition() + " " + source.offset()).getBytes(StandardCharsets.UTF_8));
            context.forward(record.withHeaders(headers), rerouteSink);
            return;
        }
        Record<byte[], byte[]> out;
        String sink = predictionsSink;
        String stage = null;
        try {
            out = step(record);
        } catch (BadRecordException e) {
            stage = e.stage();
            out = deadLetter(record, stage, e.getMessage());
            sink = deadLetterSink;
        }
        // exactly-once, only after the broker refused an output (OutputFailureHandler): the replay of that event
        String refusal = refused.reason(out.value());
        if (refusal != null && sink.equals(predictionsSink)) {
            stage = OutputFailureHandler.STAGE;
            out = deadLetter(record, stage, refusal);
            sink = deadLetterSink;
            refusal = refused.reason(out.value());
        }
        if (refusal != null) {
            RecordMetadata m = context.recordMetadata().orElseThrow();
            refused.skippedDeadLetter();
            LOG.error("skipped the dead letter of {}-{} offset {}: the broker refused it ({})", m.topic(), m.partition(), m.offset(), refusal);
            return;
        }
        context.forward(out, sink);
        if (stage == null) {
            for (int i = 0; i < lastAlerts.size(); i++) context.forward(lastAlerts.get(i), alertsSink); // in the prediction's transaction
            if (lastMeters != null) {
                lastMeters.record(lastSurprisal, lastHasTarget, lastRight);
                for (int i = 0; i < lastChanges.size(); i++) lastMeters.alert(lastChanges.get(i));
            }
        } else {
            Counter dead = deadLetterCounters.computeIfAbsent(stage, meters::deadLetters);
            if (dead != null) dead.increment();
        }
        if (stepTimer != null) stepTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** An event straight from the events topic whose key Java's partitioner puts on another partition. */
    private boolean misrouted(byte[] key, RecordMetadata source) {
        return key != null && eventPartitions > 1 && source.topic().equals(eventsTopic)
                && Utils.toPositive(Utils.murmur2(key)) % eventPartitions != source.partition();
    }

    private Record<byte[], byte[]> deadLetter(Record<byte[], byte[]> record, String stage, String error) {
        return deadLetters.record(context, record.headers(), record.key(), record.value(), record.timestamp(), stage, error);
    }

    private Record<byte[], byte[]> step(Record<byte[], byte[]> record) throws BadRecordException {
        lastAlerts.clear();
        lastChanges.clear();
        byte[] rawKey = record.key();
        if (rawKey == null) throw new BadRecordException(STAGE_VALIDATE, "null key: the key names the stream whose state to use");
        if (rawKey.length > maxKeyBytes) {
            throw new BadRecordException(STAGE_VALIDATE, "key of " + rawKey.length + " bytes exceeds the limit of " + maxKeyBytes
                    + " (elman.max.key.bytes)");
        }
        if (!Utf8Text.isValid(rawKey)) throw new BadRecordException(STAGE_VALIDATE, "key is not valid UTF-8");
        Event event = EventCodec.parse(record.value(), maxEventBytes);
        Model model = registry.get(event.model());
        if (model == null) throw new BadRecordException(STAGE_MODEL_MISSING, "no model named '" + event.model() + "' is serving yet");
        int symbol = symbolIndex(model, event.symbol(), "symbol");
        int target = event.target() == null ? -1 : symbolIndex(model, event.target(), "target");

        Serving s = serving(model);
        Predictor predictor = s.predictor();
        Bytes storeKey = storeKey(s.keyPrefix(), rawKey);
        KeyState state = event.reset() ? null : store.get(storeKey);
        AlertRule rule = s.alertRule();
        SurpriseWindow window = state == null ? SurpriseWindow.EMPTY : state.surprise();
        if (event.reset() && rule != null) closeOnReset(store.get(storeKey), rule, model, rawKey, record.timestamp());
        int nh = model.net().shape().numHid();
        double[] hidden;
        double normalizer = Double.NaN;
        long step = 0;
        RecentSymbols recent = RecentSymbols.EMPTY;
        if (state == null) {
            hidden = new double[nh];
        } else {
            step = state.step();
            recent = state.recent();
            if (state.modelVersion() == model.version()) {
                hidden = state.sharedHidden();
                normalizer = state.normalizer();
            } else {
                StateRewarm.Result r = StateRewarm.replay(model, recent.toList(), new double[nh]);
                hidden = r.hidden();
                rewarms.record();
                for (int i = 0; i < r.dropped(); i++) rewarmDropped.record();
            }
        }
        double[] next = new double[nh];
        Prediction p = predictor.step(hidden, normalizer, symbol, next, step, target);
        byte[] value = json.toJson(rawKey, model.name(), model.version(), p, event.target());
        if (rawKey.length + value.length > maxOutputBytes) {
            throw new BadRecordException(OutputFailureHandler.STAGE, "prediction of " + (rawKey.length + value.length)
                    + " bytes exceeds the " + maxOutputBytes + " bytes the producer and the predictions topic accept");
        }
        lastMeters = s.meters();
        lastSurprisal = p.surprisal();
        lastHasTarget = target >= 0 && model.objective() == Objective.LABEL;
        lastRight = lastHasTarget && p.predicted().equals(event.target());
        RecentSymbols recentNow = recent.append(event.symbol(), recentWindow);
        if (rule != null) {
            SurpriseWindow.Step w = window.next(rule, model.objective(), p, predictor.lastBest());
            window = w.window();
            if (w.change() != SurpriseWindow.Change.NONE) {
                alert(Alert.of(w.change(), window, rule, model.vocabulary(), recentNow.toList()), model, rawKey, record.timestamp());
            }
        }
        store.put(storeKey, new KeyState(model.version(), step + 1, next, p.normalizer(), recentNow, context.currentSystemTimeMs(), window));
        return new Record<>(rawKey, value, record.timestamp());
    }

    /** A reset key whose alert is open: the alert clears, saying so. */
    private void closeOnReset(KeyState before, AlertRule rule, Model model, byte[] rawKey, long timestamp) {
        if (before == null || !before.surprise().open()) return;
        alert(Alert.reset(before.surprise(), rule, model.vocabulary(), before.recent().toList()), model, rawKey, timestamp);
    }

    private void alert(Alert a, Model model, byte[] rawKey, long timestamp) {
        lastChanges.add(a.type());
        lastAlerts.add(new Record<>(rawKey, AlertCodec.toJson(new String(rawKey, StandardCharsets.UTF_8), model.name(), model.version(), a,
                maxOutputBytes - rawKey.length), timestamp));
    }

    private Serving serving(Model model) {
        Serving s = serving.get(model.name());
        if (s == null || s.predictor().model() != model) {
            s = new Serving(new Predictor(model), meters.of(model), keyPrefix(model.name()), AlertRules.of(model, config));
            serving.put(model.name(), s);
        }
        return s;
    }

    private static int symbolIndex(Model model, String symbol, String field) throws BadRecordException {
        int i = model.vocabulary().indexOf(symbol);
        if (i >= 0) return i;
        if (model.split(symbol).size() > 1) {
            throw new BadRecordException(STAGE_VALIDATE, "field '" + field + "' holds more than one symbol: '" + symbol + "'");
        }
        throw new BadRecordException(STAGE_VALIDATE, field + " '" + symbol + "' is not in the vocabulary of model "
                + model.name() + " v" + model.version());
    }

    /**
     * The store key of a stream under a model: the UTF-8 bytes of {@code <length of model>:<model><key>},
     * length-prefixed so that no model or key can collide. Built from the key's bytes as they came,
     * so an event costs no decoding or encoding of its key.
     */
    static Bytes storeKey(String model, String key) {
        return storeKey(keyPrefix(model), key.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] keyPrefix(String model) {
        return (model.length() + ":" + model).getBytes(StandardCharsets.UTF_8);
    }

    private static Bytes storeKey(byte[] prefix, byte[] key) {
        byte[] k = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, k, prefix.length, key.length);
        return Bytes.wrap(k);
    }
}
