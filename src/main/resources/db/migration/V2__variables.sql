-- Per-environment variables and the credentials of provisioned backing services, both encrypted by
-- the server (AES-GCM) before they reach the database: a dump of these tables shows no secret.

CREATE TABLE environment_variables (
    project      VARCHAR(40) NOT NULL,
    environment  VARCHAR(40) NOT NULL,
    name         VARCHAR(256) NOT NULL,
    sealed       VARCHAR     NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project, environment, name),
    FOREIGN KEY (project, environment) REFERENCES environments (project, name)
);

-- One row per environment and service (postgres, storage): what provisioning created and its
-- credentials, so that they survive restarts and the check of step 1 can use them.
CREATE TABLE service_resources (
    project      VARCHAR(40) NOT NULL,
    environment  VARCHAR(40) NOT NULL,
    service      VARCHAR(40) NOT NULL,
    sealed       VARCHAR     NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project, environment, service),
    FOREIGN KEY (project, environment) REFERENCES environments (project, name)
);
