package dev.slipway.build;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Makes ssh:// and scp-like URLs read keys, {@code known_hosts} and {@code config} from one directory,
 * so that the server's deploy key need not live in the account's own {@code ~/.ssh}.
 *
 * <p>Host keys follow OpenSSH: with nobody to ask, an unknown or changed host key is refused
 * (StrictHostKeyChecking {@code ask} without a prompt), unless that directory's {@code config} says otherwise.
 * No ssh-agent is consulted, so what the server can reach depends only on this directory.
 */
final class SshDirectory implements TransportConfigCallback {
    private final Path directory;
    private final SshdSessionFactory sessions;

    SshDirectory(Path directory) {
        this.directory = directory.toAbsolutePath();
        this.sessions = new SshdSessionFactoryBuilder()
                .setHomeDirectory(new File(System.getProperty("user.home")))
                .setSshDirectory(this.directory.toFile())
                .build(new JGitKeyCache());
    }

    /** Turns a generic reason into one that names this directory, for ssh URLs; other reasons pass unchanged. */
    String explain(RepoUrl url, String reason) {
        URIish uri = sshUri(url);
        if (uri == null) {
            return reason;
        }
        if (!Files.isDirectory(directory) && (RemoteRefs.HOST_KEY_REJECTED.equals(reason) || RemoteRefs.NOT_AUTHORIZED.equals(reason))) {
            return reason + ": the ssh directory " + directory + " does not exist";
        }
        if (RemoteRefs.HOST_KEY_REJECTED.equals(reason)) {
            String host = uri.getPort() > 0 && uri.getPort() != 22 ? "[" + uri.getHost() + "]:" + uri.getPort() : uri.getHost();
            return "the host key of " + host + " is not in " + directory.resolve("known_hosts")
                    + " or does not match it; verify the server's key and add it there";
        }
        if (RemoteRefs.NOT_AUTHORIZED.equals(reason)) {
            return "not authorized; the server accepts none of the keys in " + directory;
        }
        return reason;
    }

    /** The URL as JGit reads it when it goes over ssh (ssh://, git+ssh:// or scp-like user@host:path); else null. */
    private static URIish sshUri(RepoUrl url) {
        try {
            URIish uri = new URIish(url.withoutCredentials());
            String scheme = uri.getScheme();
            boolean ssh = scheme == null ? uri.getHost() != null
                    : scheme.equalsIgnoreCase("ssh") || scheme.equalsIgnoreCase("git+ssh") || scheme.equalsIgnoreCase("ssh+git");
            return ssh ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    @Override
    public void configure(Transport transport) {
        if (transport instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(sessions);
        }
    }
}
