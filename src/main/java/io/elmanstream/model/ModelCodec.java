package io.elmanstream.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model document: self-describing JSON with a format version. {@code theta1} and
 * {@code theta2} are row-major nested arrays in the tutorial's layout, so numpy loads them as is.
 * Reading validates everything before allocating any weights and names the first problem found.
 */
public final class ModelCodec {
    /** Format versions this code reads; it writes the newest. */
    public static final int FORMAT_VERSION = 1;
    /** Hard cap on weights per model, checked before any weight array is built. */
    public static final long MAX_PARAMS = 20_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private ModelCodec() {
    }

    public static byte[] toBytes(Model m, boolean pretty) {
        try {
            return (pretty ? JSON : COMPACT).writeValueAsBytes(toTree(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write model JSON", e);
        }
    }

    public static void write(Model m, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.write(file, toBytes(m, true));
    }

    public static Model read(Path file) throws ModelFormatException, IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException("model file not found: " + file);
        }
        return fromBytes(bytes);
    }

    public static Model fromBytes(byte[] bytes) throws ModelFormatException {
        if (bytes == null || bytes.length == 0) throw new ModelFormatException("model document is empty");
        JsonNode root;
        try {
            root = COMPACT.readTree(bytes);
        } catch (IOException e) {
            throw new ModelFormatException("model document is not JSON: " + firstLine(e.getMessage()));
        }
        return fromTree(root);
    }

    static ObjectNode toTree(Model m) {
        ObjectNode root = COMPACT.createObjectNode();
        NetShape s = m.net().shape();
        root.put("format", FORMAT_VERSION);
        root.put("name", m.name());
        root.put("version", m.version());
        root.put("task", m.task());
        root.put("objective", m.objective().jsonName());
        ArrayNode vocab = root.putArray("vocabulary");
        m.vocabulary().symbols().forEach(vocab::add);
        root.put("encoding", s.encoding().jsonName());
        ObjectNode sizes = root.putObject("sizes");
        sizes.put("input", s.numIn());
        sizes.put("hidden", s.numHid());
        sizes.put("output", s.numOut());
        ObjectNode act = root.putObject("activations");
        act.put("hidden", s.hidden().jsonName());
        act.put("output", s.output().jsonName());
        root.put("precision", s.precision().jsonName());
        putMatrix(root.putArray("theta1"), m.net().theta1());
        putMatrix(root.putArray("theta2"), m.net().theta2());
        TrainingReport r = m.report();
        if (r != null) {
            ObjectNode t = root.putObject("training");
            t.put("data", r.data());
            t.put("seed", r.seed());
            t.put("optimizer", r.optimizer());
            t.put("cost", r.cost());
            t.put("evaluations", r.evaluations());
            t.put("restarts", r.restarts());
            t.put("validation", r.validation());
            t.put("passed", r.passed());
            t.put("millis", r.millis());
            AlertThreshold a = r.alert();
            if (a != null) {
                ObjectNode an = t.putObject("alert");
                an.put("window", a.window());
                if (a.quantile() != null) an.put("quantile", a.quantile());
                an.put("bits", a.bits());
                an.put("windows", a.windows());
            }
        }
        return root;
    }

    private static void putMatrix(ArrayNode dst, double[][] m) {
        for (double[] row : m) {
            ArrayNode r = dst.addArray();
            for (double v : row) r.add(v);
        }
    }

    static Model fromTree(JsonNode root) throws ModelFormatException {
        if (!root.isObject()) throw new ModelFormatException("model document must be a JSON object");
        int format = intField(root, "format", 1, Integer.MAX_VALUE);
        if (format > FORMAT_VERSION) {
            throw new ModelFormatException("model format " + format + " is newer than this program reads (" + FORMAT_VERSION + ")");
        }
        String name = textField(root, "name");
        long version = longField(root, "version");
        if (version < 1) throw new ModelFormatException("field 'version' must be >= 1, got " + version);
        String task = textField(root, "task");
        JsonNode vocabNode = root.get("vocabulary");
        if (vocabNode == null || !vocabNode.isArray()) throw new ModelFormatException("field 'vocabulary' must be an array of symbols");
        if (vocabNode.isEmpty()) throw new ModelFormatException("vocabulary is empty");
        if (vocabNode.size() > NetShape.MAX_UNITS) throw new ModelFormatException("vocabulary has " + vocabNode.size() + " symbols, more than " + NetShape.MAX_UNITS);
        List<String> symbols = new ArrayList<>();
        for (JsonNode s : vocabNode) {
            if (!s.isTextual()) throw new ModelFormatException("vocabulary symbols must be strings, found " + s.getNodeType());
            symbols.add(s.asText());
        }
        JsonNode sizes = root.get("sizes");
        JsonNode acts = root.get("activations");
        if (sizes == null || !sizes.isObject()) throw new ModelFormatException("field 'sizes' must be an object {input, hidden, output}");
        if (acts == null || !acts.isObject()) throw new ModelFormatException("field 'activations' must be an object {hidden, output}");
        int in = intField(sizes, "input", 1, NetShape.MAX_UNITS);
        int hid = intField(sizes, "hidden", 1, NetShape.MAX_UNITS);
        int out = intField(sizes, "output", 1, NetShape.MAX_UNITS);
        try {
            Objective objective = Objective.parse(textField(root, "objective"));
            InputEncoding enc = InputEncoding.parse(textField(root, "encoding"));
            Activation ha = Activation.parse(textField(acts, "hidden"));
            Activation oa = Activation.parse(textField(acts, "output"));
            JsonNode state = root.get("precision"); // absent in documents written before it existed: double
            NetShape shape = new NetShape(in, hid, out, enc, ha, oa, state == null ? Precision.FLOAT64 : Precision.parse(textField(root, "precision")));
            if (shape.paramCount() > MAX_PARAMS) {
                throw new ModelFormatException("model has " + shape.paramCount() + " weights, more than " + MAX_PARAMS);
            }
            double[][] t1 = matrix(root, "theta1", shape.theta1Rows(), hid);
            double[][] t2 = matrix(root, "theta2", shape.theta2Rows(), out);
            ElmanNet net = ElmanNet.fromMatrices(shape, t1, t2);
            return new Model(name, version, task, objective, new Vocabulary(symbols), net, report(root.get("training")));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(e.getMessage());
        }
    }

    private static double[][] matrix(JsonNode root, String field, int rows, int cols) throws ModelFormatException {
        JsonNode m = root.get(field);
        if (m == null || !m.isArray()) throw new ModelFormatException("field '" + field + "' must be a nested array");
        if (m.size() != rows) throw new ModelFormatException(field + " must have " + rows + " rows, has " + m.size());
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            JsonNode row = m.get(r);
            if (!row.isArray() || row.size() != cols) {
                throw new ModelFormatException(field + " row " + r + " must have " + cols + " columns, has " + (row.isArray() ? row.size() : 0));
            }
            for (int c = 0; c < cols; c++) {
                JsonNode v = row.get(c);
                if (!v.isNumber()) throw new ModelFormatException(field + "[" + r + "][" + c + "] is not a number");
                double d = v.asDouble();
                if (!Double.isFinite(d)) throw new ModelFormatException(field + "[" + r + "][" + c + "] is not finite");
                out[r][c] = d;
            }
        }
        return out;
    }

    private static TrainingReport report(JsonNode t) throws ModelFormatException {
        if (t == null || !t.isObject()) return null;
        return new TrainingReport(t.path("data").asText(""), t.path("seed").asLong(), t.path("optimizer").asText(""),
                t.path("cost").asDouble(Double.NaN), t.path("evaluations").asLong(), t.path("restarts").asInt(),
                t.path("validation").asText(""), t.path("passed").asBoolean(), t.path("millis").asLong(), alert(t.get("alert")));
    }

    private static AlertThreshold alert(JsonNode a) throws ModelFormatException {
        if (a == null || a.isNull()) return null;
        if (!a.isObject()) throw new ModelFormatException("field 'training.alert' must be an object");
        JsonNode q = a.get("quantile");
        JsonNode bits = a.get("bits");
        if (bits == null || !bits.isNumber()) throw new ModelFormatException("field 'training.alert.bits' must be a number");
        try {
            return new AlertThreshold(intField(a, "window", 1, AlertRule.MAX_WINDOW), q == null || q.isNull() ? null : q.asDouble(), bits.asDouble(),
                    a.path("windows").asLong());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("field 'training.alert': " + e.getMessage());
        }
    }

    private static String textField(JsonNode n, String field) throws ModelFormatException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw new ModelFormatException("field '" + field + "' must be a non-empty string");
        return v.asText();
    }

    private static long longField(JsonNode n, String field) throws ModelFormatException {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) throw new ModelFormatException("field '" + field + "' must be an integer");
        return v.asLong();
    }

    private static int intField(JsonNode n, String field, int min, int max) throws ModelFormatException {
        long v = longField(n, field);
        if (v < min || v > max) throw new ModelFormatException("field '" + field + "' must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
