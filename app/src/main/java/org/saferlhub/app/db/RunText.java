package org.saferlhub.app.db;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A run's report as stored: gzip-compressed, in Base64 behind the prefix {@value #PREFIX}, so a
 * run takes about a fifth of its JSON's space in either database's text column; reports stored
 * before (plain JSON) read as they are.
 */
final class RunText {

  /** Marks a compressed report; JSON never starts with it. */
  static final String PREFIX = "gz64:";

  private RunText() {}

  /** {@code json} compressed for storage. */
  static String pack(String json) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length() / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return PREFIX + Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** The JSON of a stored report, compressed or not. */
  static String unpack(String stored) {
    if (!stored.startsWith(PREFIX)) {
      return stored;
    }
    byte[] packed = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    try (GZIPInputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(packed))) {
      return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored run is corrupt", e);
    }
  }
}
