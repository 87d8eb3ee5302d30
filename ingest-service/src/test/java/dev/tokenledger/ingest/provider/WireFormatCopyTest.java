package dev.tokenledger.ingest.provider;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The adapters are tested against every file of the team's shared wire formats, not a stale subset. */
class WireFormatCopyTest {

    @Test
    void everySharedWireFormatIsCoveredAndTheCopyIsIdentical() throws IOException {
        Path root = Path.of(System.getProperty("tokenledger.repo.root", "..")).toAbsolutePath();
        Path shared = root.resolve("../shared/data/wire-formats").normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "shared/ is beside the repository only for the team and CI");
        Set<String> files;
        try (Stream<Path> list = Files.list(shared)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(WireFormats.FILES), "every wire format has expected buckets in ProviderUsageMapperTest");
        for (String f : files) {
            try (InputStream copy = getClass().getResourceAsStream("/wire-formats/" + f)) {
                assertArrayEquals(Files.readAllBytes(shared.resolve(f)), copy.readAllBytes(), f + " copy is current");
            }
        }
    }
}
