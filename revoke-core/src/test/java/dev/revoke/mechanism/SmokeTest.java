package dev.revoke.mechanism;
import org.junit.jupiter.api.Test;
class SmokeTest { @Test void runs() {} }
