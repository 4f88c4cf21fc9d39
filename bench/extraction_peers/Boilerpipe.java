// Peer: boilerpipe 1.2.0 (Debian libboilerpipe-java) ArticleExtractor on every
// PAGES/*.html, writing OUTDIR/<name>.txt (blocks separated by a blank line).
// Usage: java -cp CLASSES:/usr/share/java/boilerpipe.jar:/usr/share/java/nekohtml.jar:/usr/share/java/xercesImpl.jar Boilerpipe PAGES OUTDIR
import de.l3s.boilerpipe.extractors.ArticleExtractor;
import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.xml.sax.InputSource;

public class Boilerpipe {
    public static void main(String[] args) throws Exception {
        File pages = new File(args[0]);
        File out = new File(args[1]);
        out.mkdirs();
        String[] names = pages.list();
        Arrays.sort(names);
        for (String name : names) {
            if (!name.endsWith(".html")) continue;
            String html = new String(Files.readAllBytes(new File(pages, name).toPath()), StandardCharsets.UTF_8);
            String text = "";
            try {
                text = ArticleExtractor.INSTANCE.getText(new InputSource(new StringReader(html)));
                text = text.replace("\n", "\n\n");
            } catch (Exception e) {
                System.err.println("boilerpipe: " + name + ": " + e);
            }
            Files.write(new File(out, name.substring(0, name.length() - 5) + ".txt").toPath(),
                        text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
