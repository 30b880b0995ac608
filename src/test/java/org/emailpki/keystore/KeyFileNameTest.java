package org.emailpki.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A mailbox names one file in the key's folder, never a folder below it ('/' is atext in a local part). */
class KeyFileNameTest {

  @Test
  void aPlainMailboxIsTheFileName() {
    assertEquals("alice@example.org.p12", KeyFileName.of("alice@example.org"));
    assertEquals(Path.of(".emailpki", "keys", "alice@example.org.p12"), HomeDirectoryFile.defaultFile("alice@example.org"));
  }

  @Test
  void aSlashNamesNoFolderAndTwoMailboxesNeverShareAFile() {
    assertEquals("x%2Fy@example.org.p12", KeyFileName.of("x/y@example.org"));
    assertEquals(Path.of(".emailpki", "keys", "x%2Fy@example.org.p12"), HomeDirectoryFile.defaultFile("x/y@example.org"));
    // "x/./y" would otherwise normalise onto x/y's file; '%' is escaped so an escape cannot be forged
    assertNotEquals(KeyFileName.of("x/y@example.org"), KeyFileName.of("x/./y@example.org"));
    assertNotEquals(KeyFileName.of("x/y@example.org"), KeyFileName.of("x%2Fy@example.org"));
  }
}
