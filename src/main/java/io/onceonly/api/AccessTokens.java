package io.onceonly.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.HubSettingsDefinition;
import io.onceonly.config.Problem;

/**
 * Who a bearer token is: the operator, or one department. Only SHA-256 hashes are kept, so the tokens themselves
 * are neither stored nor held in memory after start; comparison is constant-time.
 */
public final class AccessTokens {
    private static final String DEPARTMENT = "[a-z0-9]+([.-][a-z0-9]+)*";

    /** Who made a request: the operator (department null) or a department. */
    public record Caller(String department) {
        public static final Caller OPERATOR = new Caller(null);

        public boolean operator() {
            return department == null;
        }

        /** Recorded with every change the caller makes. */
        public String audit() {
            return operator() ? "operator" : "department:" + department;
        }

        public boolean mayManage(String resourceDepartment) {
            return operator() || department.equals(resourceDepartment);
        }
    }

    private final byte[] operator;
    private final Map<String, byte[]> departments;

    private AccessTokens(byte[] operator, Map<String, byte[]> departments) {
        this.operator = operator;
        this.departments = departments;
    }

    /**
     * @param operatorToken the operator's token (resolved), empty for none
     * @param departmentHashes {@code department=sha256hex,...} (resolved), empty for none
     */
    public static AccessTokens of(String operatorToken, String departmentHashes) {
        Map<String, byte[]> departments = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        if (departmentHashes != null && !departmentHashes.isBlank()) {
            for (String item : departmentHashes.split(",")) {
                String[] parts = item.trim().split("=", 2);
                if (parts.length != 2 || !parts[0].trim().matches(DEPARTMENT) || !parts[1].trim().matches("[0-9a-fA-F]{64}")) {
                    // Never echo the item: it may be a token pasted where its hash belongs.
                    problems.add(new Problem(HubSettingsDefinition.API_TOKENS.key(), "has an entry that is not "
                            + "department=<64 hex digits of SHA-256>", null, "Print a token's hash with `onceonly token "
                            + "hash`."));
                    continue;
                }
                departments.put(parts[0].trim(), HexFormat.of().parseHex(parts[1].trim().toLowerCase()));
            }
        }
        if (!problems.isEmpty()) {
            throw ConfigurationException.of("Access tokens are misconfigured", problems);
        }
        return new AccessTokens(operatorToken == null || operatorToken.isBlank() ? null : sha256(operatorToken), departments);
    }

    public boolean any() {
        return operator != null || !departments.isEmpty();
    }

    /** The caller a token identifies, or null for an unknown token. */
    public Caller identify(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        byte[] hash = sha256(token);
        if (operator != null && MessageDigest.isEqual(operator, hash)) {
            return Caller.OPERATOR;
        }
        for (Map.Entry<String, byte[]> e : departments.entrySet()) {
            if (MessageDigest.isEqual(e.getValue(), hash)) {
                return new Caller(e.getKey());
            }
        }
        return null;
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
