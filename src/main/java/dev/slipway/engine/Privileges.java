package dev.slipway.engine;

import java.util.List;

/**
 * What a container's processes may do as root. {@code capabilities} are the only Linux capabilities it
 * keeps (every other one is dropped); {@code noNewPrivileges} stops setuid binaries and file
 * capabilities from gaining more than the process started with.
 */
public record Privileges(List<String> capabilities, boolean noNewPrivileges) {
    /**
     * What web apps and their workers need: changing file owners and modes in their own image
     * (CHOWN, DAC_OVERRIDE, FOWNER, FSETID), dropping root for a user (SETUID, SETGID), signalling their
     * own children (KILL) and listening on ports below 1024 (NET_BIND_SERVICE). Dropped from the engine's
     * usual set: NET_RAW (raw sockets: ping, forged packets on the network), MKNOD, SETFCAP, SETPCAP,
     * SYS_CHROOT, AUDIT_WRITE.
     */
    public static final Privileges WEB_APP = new Privileges(
            List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID"), true);

    public Privileges {
        capabilities = List.copyOf(capabilities);
    }
}
