/**
 * {@link dev.slipway.engine.ContainerEngine} on Docker Swarm: one Slipway container is one service of at
 * most one replica. Decisions and the measurements behind them (Docker 20.10, a manager and two
 * Docker-in-Docker workers, {@code SwarmRestartMeasurementTest} and {@code SwarmContainerEngineTest}):
 * <ul>
 * <li>Restart condition {@code none}. A task that exits 7 stays {@code failed}, exit 7, with no new task
 *   after 10 s; under {@code on-failure} Swarm had made two more tasks by then, so the crash would only
 *   show in the task history. {@code none} keeps what the plain Docker engine does (no restart), so the
 *   deployment's checks see the crash and its exit code.</li>
 * <li>A node that goes down: with both workers frozen, the manager marked them down after 14-15 s
 *   and replaced an {@code on-failure} task on the manager after 19-24 s; a {@code none} task is not
 *   replaced. Its record keeps the state the node last reported ("running") with desired state
 *   shutdown; the engine reads that as stopped, and {@code start} runs it again on a node that is up, so
 *   whoever reconciles (the control panel) recovers it.</li>
 * <li>Web ports are published in host mode and reached at the node's address: service VIPs and the
 *   routing mesh need IPVS, which these kernels lack (endpoint mode is {@code dnsrr}).</li>
 * <li>Images are built on the manager and pushed once to a registry every node reaches; services name
 *   them by digest. A one-layer image on top of an already pushed base pushed in 0.04–0.15 s here.</li>
 * <li>Not on Swarm in Engine API 1.41: no-new-privileges (sent as Privileges.NoNewPrivileges, which later
 *   API versions know and 1.41 ignores: the isolation contract's NoNewPrivs:1 does not hold on Docker 20.10),
 *   OOM-kill reports (a task records its exit code, not why it died). Capabilities, supplementary groups
 *   and the pids limit are sent in raw requests, since docker-java 3.5 does not model them; inside a task
 *   they hold (CapEff, pids.max, memory.max as on the plain engine).</li>
 * </ul>
 */
package dev.slipway.engine.swarm;
