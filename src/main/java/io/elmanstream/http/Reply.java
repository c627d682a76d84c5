package io.elmanstream.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/** An HTTP answer: the status and the JSON body. */
record Reply(int status, String json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Reply of(int status, Object body) {
        try {
            return new Reply(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a reply as JSON", e);
        }
    }

    static Reply error(int status, String message) {
        return of(status, Map.of("error", message));
    }
}
