package org.ordersweep;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README and the pages of docs/ link to each other, to images and to recorded experiments by relative paths and
 * section anchors: every one of them resolves, and the README's index names every page.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE = Pattern.compile("```.*?```", Pattern.DOTALL);

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        for (String line : CODE.matcher(Files.readString(page)).replaceAll("").split("\n")) {
            if (line.startsWith("#")) {
                out.add(line.replaceFirst("^#+", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    @Test
    void anchorsAreGithubs() throws IOException {
        Path page = Files.createTempFile("page", ".md");
        Files.writeString(page,
                "# Notes on DL4J 1.0.0-M2\n## The driver's ceiling: thousands of tiny trials\n```\n# no\n```\n");
        assertEquals(Set.of("notes-on-dl4j-100-m2", "the-drivers-ceiling-thousands-of-tiny-trials"), anchors(page));
        Files.delete(page);
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = LINK.matcher(CODE.matcher(Files.readString(page)).replaceAll(""));
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                Path target = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(target)) {
                    broken.add(page + ": " + link + " (no " + target + ")");
                } else if (hash >= 0 && !anchors(target).contains(link.substring(hash + 1))) {
                    broken.add(page + ": " + link + " (no such heading in " + target + ")");
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void theReadmesIndexNamesEveryPage() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (Path page : pages().subList(1, pages().size())) {
            assertTrue(readme.contains("](docs/" + page.getFileName() + ")"), "the README's index lacks " + page);
        }
    }
}
