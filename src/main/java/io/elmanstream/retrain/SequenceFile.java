package io.elmanstream.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Archived sequences as JSON lines, one sequence per line:
 * {@code {"key":"k1","model":"xor","symbols":["1","0"],"targets":[null,"1"]}}.
 */
public final class SequenceFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SequenceFile() {
    }

    public static void write(Path file, List<ArchivedSequence> sequences) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (ArchivedSequence s : sequences) {
                ObjectNode n = JSON.createObjectNode();
                n.put("key", s.key());
                n.put("model", s.model());
                ArrayNode sym = n.putArray("symbols");
                s.symbols().forEach(sym::add);
                ArrayNode tg = n.putArray("targets");
                s.targets().forEach(tg::add);
                w.write(JSON.writeValueAsString(n));
                w.newLine();
            }
        }
    }

    public static List<ArchivedSequence> read(Path file, String model) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("sequence file not found: " + file);
        try (BufferedReader r = Files.newBufferedReader(file)) {
            return read(file, model, r);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text");
        }
    }

    private static List<ArchivedSequence> read(Path file, String model, BufferedReader r) throws IOException {
        List<ArchivedSequence> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " line " + n + " is not JSON");
            }
            if (!node.path("symbols").isArray() || !node.path("targets").isArray()
                    || node.get("symbols").size() != node.get("targets").size()) {
                throw new IllegalArgumentException(file + " line " + n + ": needs arrays 'symbols' and 'targets' of equal length");
            }
            for (JsonNode sym : node.get("symbols")) {
                if (!sym.isTextual()) throw new IllegalArgumentException(file + " line " + n + ": symbols must be strings, found " + sym);
            }
            for (JsonNode t : node.get("targets")) {
                if (!t.isTextual() && !t.isNull()) throw new IllegalArgumentException(file + " line " + n + ": targets must be strings or null, found " + t);
            }
            if (model != null && !model.equals(node.path("model").asText(model))) continue;
            List<String> symbols = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            node.get("symbols").forEach(s -> symbols.add(s.asText()));
            node.get("targets").forEach(t -> targets.add(t.isNull() ? null : t.asText()));
            out.add(new ArchivedSequence(node.path("key").asText(), node.path("model").asText(model), symbols, targets));
        }
        return out;
    }
}
