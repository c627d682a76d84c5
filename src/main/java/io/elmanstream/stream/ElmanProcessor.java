package io.elmanstream.stream;

import io.elmanstream.model.Model;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-event step: validate the event, load the key's hidden state, bring it to the serving
 * model version if it was computed by an older one (re-warm), apply the net, store the new state and
 * emit the prediction. Every record ends as exactly one prediction or one dead letter.
 */
final class ElmanProcessor implements Processor<String, byte[], String, byte[]> {
    static final String STAGE_VALIDATE = "validate";
    static final String STAGE_MODEL_MISSING = "model-missing";

    private final ModelRegistry registry;
    private final String storeName;
    private final String predictionsSink;
    private final String deadLetterSink;
    private final int recentWindow;
    private final int maxEventBytes;
    private final long idleStateMs;
    private final Map<String, Predictor> predictors = new HashMap<>();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, KeyState> store;
    private Sensor rewarms;
    private Sensor rewarmDropped;

    ElmanProcessor(ModelRegistry registry, String storeName, String predictionsSink, String deadLetterSink,
                   int recentWindow, int maxEventBytes, long idleStateMs) {
        this.registry = registry;
        this.storeName = storeName;
        this.predictionsSink = predictionsSink;
        this.deadLetterSink = deadLetterSink;
        this.recentWindow = recentWindow;
        this.maxEventBytes = maxEventBytes;
        this.idleStateMs = idleStateMs;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // metrics elman-rewarm-{rate,total} and elman-rewarm-dropped-symbols-{rate,total}, per task
        String task = context.taskId().toString();
        rewarms = context.metrics().addRateTotalSensor("elman", task, "rewarm", Sensor.RecordingLevel.INFO);
        rewarmDropped = context.metrics().addRateTotalSensor("elman", task, "rewarm-dropped-symbols", Sensor.RecordingLevel.INFO);
        if (idleStateMs > 0) {
            // sweep at a tenth of the idle time (at most once a minute): a key may outlive its
            // idle time by that much, and the sweep's cost stays small next to the events
            long every = Math.max(1, Math.min(idleStateMs / 10, 60_000));
            context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::dropIdle);
        }
    }

    /** Deletes the state of keys not updated for longer than the idle time. */
    private void dropIdle(long now) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, KeyState> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (now - kv.value.updatedMs() > idleStateMs) idle.add(kv.key);
            }
        }
        idle.forEach(store::delete);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            context.forward(step(record), predictionsSink);
        } catch (BadRecordException e) {
            context.forward(DeadLetters.record(context, record, e.stage(), e.getMessage()), deadLetterSink);
        }
    }

    private Record<String, byte[]> step(Record<String, byte[]> record) throws BadRecordException {
        if (record.key() == null) throw new BadRecordException(STAGE_VALIDATE, "null key: the key names the stream whose state to use");
        Event event = EventCodec.parse(record.value(), maxEventBytes);
        Model model = registry.get(event.model());
        if (model == null) throw new BadRecordException(STAGE_MODEL_MISSING, "no model named '" + event.model() + "' is serving yet");
        int symbol = symbolIndex(model, event.symbol(), "symbol");
        if (event.target() != null) symbolIndex(model, event.target(), "target");

        Predictor predictor = predictor(model);
        String storeKey = storeKey(event.model(), record.key());
        KeyState state = event.reset() ? null : store.get(storeKey);
        int nh = model.net().shape().numHid();
        double[] hidden;
        long step = 0;
        RecentSymbols recent = RecentSymbols.EMPTY;
        if (state == null) {
            hidden = new double[nh];
        } else {
            step = state.step();
            recent = state.recent();
            if (state.modelVersion() == model.version()) hidden = state.hidden();
            else {
                StateRewarm.Result r = StateRewarm.replay(model, recent.toList(), new double[nh]);
                hidden = r.hidden();
                rewarms.record();
                for (int i = 0; i < r.dropped(); i++) rewarmDropped.record();
            }
        }
        double[] next = new double[nh];
        Prediction p = predictor.step(hidden, symbol, next, step);
        store.put(storeKey, new KeyState(model.version(), step + 1, next, recent.append(event.symbol(), recentWindow), context.currentSystemTimeMs()));
        return new Record<>(record.key(), PredictionCodec.toJson(record.key(), model.name(), model.version(), p, event.target()),
                record.timestamp());
    }

    private Predictor predictor(Model model) {
        Predictor p = predictors.get(model.name());
        if (p == null || p.model() != model) {
            p = new Predictor(model);
            predictors.put(model.name(), p);
        }
        return p;
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

    /** The store key of a stream under a model: length-prefixed so no model or key can collide. */
    static String storeKey(String model, String key) {
        return model.length() + ":" + model + key;
    }
}
