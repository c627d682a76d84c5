package io.elmanstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.cli.Main;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.stream.StreamApp;
import io.elmanstream.testsupport.DebianTool;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live page in a real browser: headless Chromium (Debian's, driven by Selenium through
 * chromedriver) against a running instance while events flow. The model list is /models', a key's
 * view shows the step and the next-event probabilities /streams gives, an injected anomaly appears
 * as an open alert whose key view shows the window's mean above the threshold line, and the page
 * looks like something (a screenshot under target/, checked not blank).
 */
class LivePageIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path SCREENSHOT = Path.of("target", "live-page.png");

    @TempDir
    Path dir;

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Test
    void theLivePageShowsModelsAKeyAndItsAlertInABrowser() throws Exception {
        String chromedriver = DebianTool.require("chromedriver", "chromium-driver");
        String chromium = DebianTool.require("chromium", "chromium");
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).httpPort(0)
                .alertThreshold("hello", 12).build();
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()));
             StatusServer status = StatusServer.bind(session.config());
             StreamApp app = new StreamApp(session, status.advertised())) {
            status.serve(app);
            ModelTopic models = ModelTopic.of(session);
            models.publish(TestModels.hello(4, 1));
            models.publish(TestModels.xor(1, 1));
            app.start(Duration.ofSeconds(60));
            String bootstrap = session.bootstrapServers();
            assertEquals(0, Main.execute("produce", "--bootstrap-servers", bootstrap, "--key", "calm", "--model", "hello", "hellohello"));
            assertEquals(0, Main.execute("produce", "--bootstrap-servers", bootstrap, "--key", "odd", "--model", "hello",
                    "hellohelloleohhoellolehhoolleeholhleohlle"));
            assertEquals(0, Main.execute("produce", "--bootstrap-servers", bootstrap, "--key", "x1", "--model", "xor", "1 0 1 1"));
            assertEquals(10 + 41 + 4, PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), 55, Duration.ofSeconds(60)).size());
            int port = status.port();

            ChromeOptions options = new ChromeOptions().setBinary(chromium)
                    .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1000,1500");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver)).build();
            WebDriver browser = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get("http://127.0.0.1:" + port + "/");
                // the model list is /models'
                List<String> served = new ArrayList<>();
                get(port, "/models").get("models").forEach(m -> served.add(m.get("name").asText()));
                wait.until(b -> rows(b, "#models tbody tr").size() == served.size());
                assertEquals(Set.copyOf(served), Set.copyOf(rows(browser, "#models tbody tr").stream().map(r -> r.getAttribute("data-model")).toList()));
                // the anomaly is an open alert, linked to its key
                wait.until(b -> !rows(b, "#alerts tbody tr[data-key='odd']").isEmpty());
                assertTrue(rows(browser, "#alerts tbody tr[data-key='calm']").isEmpty(), "the calm key raised nothing");
                rows(browser, "#alerts tbody tr[data-key='odd'] a").get(0).click();
                // its view: the step and the next-event probabilities /streams gives, the mean above the threshold line
                JsonNode state = get(port, "/streams/odd?model=hello");
                wait.until(b -> b.findElement(By.id("key-step")).getText().equals(state.get("step").asText()));
                List<String> symbols = new ArrayList<>();
                state.get("next").fieldNames().forEachRemaining(s -> symbols.add(JSON.valueToTree(s).toString()));
                wait.until(b -> rows(b, "#key-next tbody tr").size() == symbols.size());
                assertEquals(symbols, rows(browser, "#key-next tbody tr").stream().map(r -> r.findElements(By.tagName("td")).get(0).getText()).toList());
                assertEquals(String.format("%.4f", state.get("next").elements().next().asDouble()),
                        rows(browser, "#key-next tbody tr").get(0).findElements(By.tagName("td")).get(1).getText());
                WebElement chart = browser.findElement(By.id("surprise-chart"));
                wait.until(b -> "true".equals(chart.getAttribute("data-crossed")));
                assertEquals(12.0, Double.parseDouble(chart.getAttribute("data-threshold")));
                assertTrue(state.get("surprise").get("alertOpen").asBoolean() && state.get("surprise").get("meanBits").asDouble() > 12, state.toString());
                assertEquals("OPEN", browser.findElement(By.id("key-alert")).getText());
                assertTrue(!browser.findElements(By.cssSelector("#surprise-chart canvas")).isEmpty(), "uPlot drew the chart (served from the webjar)");
                // events keep flowing: the page follows them
                assertEquals(0, Main.execute("produce", "--bootstrap-servers", bootstrap, "--key", "odd", "--model", "hello", "hello"));
                long next = state.get("step").asLong() + 5;
                wait.until(b -> b.findElement(By.id("key-step")).getText().equals(Long.toString(next)));
                Thread.sleep(1500);   // one more refresh: the heat map has its new columns
                Files.createDirectories(SCREENSHOT.getParent());
                Files.write(SCREENSHOT, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }
            assertNotBlank(ImageIO.read(SCREENSHOT.toFile()));
        }
    }

    private static List<WebElement> rows(WebDriver b, String css) {
        return b.findElements(By.cssSelector(css));
    }

    /** A picture of a page, not an empty one: many colours, and a good share of pixels that are not the background. */
    private static void assertNotBlank(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        int background = img.getRGB(0, 0);
        long other = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int c = img.getRGB(x, y);
                colours.add(c);
                if (c != background) other++;
            }
        }
        long sampled = (long) ((img.getWidth() + 1) / 2) * ((img.getHeight() + 1) / 2);
        assertTrue(colours.size() > 50, "colours in the screenshot: " + colours.size());
        assertTrue(other > sampled / 50, "pixels other than the background: " + other + " of " + sampled);
    }
}
