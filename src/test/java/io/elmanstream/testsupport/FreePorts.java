package io.elmanstream.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Random;

/** Ports for a local cluster in tests. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A first port with the 2 x nodes ports from it free (brokers, then controllers). */
    public static int base(int nodes) {
        Random rnd = new Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + rnd.nextInt(30_000);
            boolean free = true;
            for (int p = base; p < base + 2 * nodes && free; p++) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress("127.0.0.1", p));
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) return base;
        }
        throw new IllegalStateException("no " + 2 * nodes + " free ports in a row");
    }
}
