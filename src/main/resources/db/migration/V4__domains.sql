-- Custom hosts of environments. The primary key is what makes a host belong to one environment,
-- even when two control panels share the database.
CREATE TABLE domains (
    host         VARCHAR(253) NOT NULL PRIMARY KEY,
    project      VARCHAR(40)  NOT NULL,
    environment  VARCHAR(40)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    FOREIGN KEY (project, environment) REFERENCES environments (project, name)
);
CREATE INDEX domains_by_environment ON domains (project, environment);
