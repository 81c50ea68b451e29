package io.segmenter.schemas.registry;

/**
 * The registry could not be reached, or kept answering with a retriable status (5xx, 408, 429),
 * for every one of the configured attempts. Unlike the other registry errors this one says
 * nothing about the record: a deserialization handler should usually stop, not dead-letter.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

  private final int attempts;

  public SchemaRegistryUnavailableException(String registryUrl, int attempts, Throwable cause) {
    super("Schema registry at " + registryUrl + " is unreachable after " + attempts
        + (attempts == 1 ? " attempt" : " attempts") + ": " + describe(cause), registryUrl, cause);
    this.attempts = attempts;
  }

  public int attempts() {
    return attempts;
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "no cause recorded";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
