package dev.slipway.engine.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One command run in a running container through the Engine API's exec endpoints. */
record Exec(long exitCode, String output) {
    static Exec run(DockerClient docker, String containerId, Duration timeout, List<String> command) throws InterruptedException {
        String execId = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder output = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (output) {
                    output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        });
        if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(command + " in " + containerId + " did not end within " + timeout.toSeconds() + " s");
        }
        Long exit = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        synchronized (output) {
            return new Exec(exit == null ? -1 : exit, output.toString().strip());
        }
    }
}
