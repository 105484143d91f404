-- The warehouse scheduler: Quartz's JDBC job store (schedules survive restarts) and the DAG run history that the
-- DAG layer over Quartz keeps, in Airflow's words (dag run, task instance, try number, state).

CREATE SCHEMA orchestration;

-- A DAG run: one data interval of one DAG. One run per DAG and logical date (a rerun or backfill reuses it).
CREATE TABLE orchestration.dag_runs (
    run_id              TEXT PRIMARY KEY,
    dag_id              TEXT NOT NULL,
    logical_date        TIMESTAMPTZ NOT NULL,
    data_interval_start TIMESTAMPTZ NOT NULL,
    data_interval_end   TIMESTAMPTZ NOT NULL,
    run_type            TEXT NOT NULL CHECK (run_type IN ('scheduled', 'manual', 'backfill')),
    state               TEXT NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed')),
    queued_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    start_date          TIMESTAMPTZ,
    end_date            TIMESTAMPTZ,
    -- Which executor (scheduler or CLI process) holds a running run, and when it last said so: a run whose executor
    -- stopped heartbeating is reconciled (its tasks' processes killed, the run queued again).
    executor            TEXT,
    heartbeat_at        TIMESTAMPTZ,
    note                TEXT,
    UNIQUE (dag_id, logical_date)
);
CREATE INDEX dag_runs_queue ON orchestration.dag_runs (state, run_type, logical_date);

CREATE TABLE orchestration.task_instances (
    run_id        TEXT NOT NULL REFERENCES orchestration.dag_runs (run_id),
    task_id       TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('none', 'scheduled', 'queued', 'running', 'success', 'failed',
                                                 'up_for_retry', 'upstream_failed', 'skipped')),
    try_number    INTEGER NOT NULL DEFAULT 0,
    max_tries     INTEGER NOT NULL,
    start_date    TIMESTAMPTZ,
    end_date      TIMESTAMPTZ,
    next_retry_at TIMESTAMPTZ,
    pid           BIGINT,
    error         TEXT,
    PRIMARY KEY (run_id, task_id)
);

-- Every attempt of every task: the run history (DAG, logical date, task, state, attempt, start, end, error).
CREATE TABLE orchestration.task_attempts (
    run_id      TEXT NOT NULL REFERENCES orchestration.dag_runs (run_id),
    task_id     TEXT NOT NULL,
    try_number  INTEGER NOT NULL,
    state       TEXT NOT NULL,
    start_date  TIMESTAMPTZ NOT NULL,
    end_date    TIMESTAMPTZ,
    pid         BIGINT,
    error       TEXT,
    log_file    TEXT,
    PRIMARY KEY (run_id, task_id, try_number)
);

-- Quartz 2.5.2's tables (org/quartz/impl/jdbcjobstore/tables_postgres.sql), in this schema: tablePrefix orchestration.qrtz_


CREATE TABLE orchestration.qrtz_JOB_DETAILS
(
  SCHED_NAME        VARCHAR(120) NOT NULL,
  JOB_NAME          VARCHAR(200) NOT NULL,
  JOB_GROUP         VARCHAR(200) NOT NULL,
  DESCRIPTION       VARCHAR(250) NULL,
  JOB_CLASS_NAME    VARCHAR(250) NOT NULL,
  IS_DURABLE        BOOL         NOT NULL,
  IS_NONCONCURRENT  BOOL         NOT NULL,
  IS_UPDATE_DATA    BOOL         NOT NULL,
  REQUESTS_RECOVERY BOOL         NOT NULL,
  JOB_DATA          BYTEA        NULL,
  PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)
);

CREATE TABLE orchestration.qrtz_TRIGGERS
(
  SCHED_NAME     VARCHAR(120) NOT NULL,
  TRIGGER_NAME   VARCHAR(200) NOT NULL,
  TRIGGER_GROUP  VARCHAR(200) NOT NULL,
  JOB_NAME       VARCHAR(200) NOT NULL,
  JOB_GROUP      VARCHAR(200) NOT NULL,
  DESCRIPTION    VARCHAR(250) NULL,
  NEXT_FIRE_TIME BIGINT       NULL,
  PREV_FIRE_TIME BIGINT       NULL,
  PRIORITY       INTEGER      NULL,
  TRIGGER_STATE  VARCHAR(16)  NOT NULL,
  TRIGGER_TYPE   VARCHAR(8)   NOT NULL,
  START_TIME     BIGINT       NOT NULL,
  END_TIME       BIGINT       NULL,
  CALENDAR_NAME  VARCHAR(200) NULL,
  MISFIRE_INSTR  SMALLINT     NULL,
  JOB_DATA       BYTEA        NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP)
  REFERENCES orchestration.qrtz_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP)
);

CREATE TABLE orchestration.qrtz_SIMPLE_TRIGGERS
(
  SCHED_NAME      VARCHAR(120) NOT NULL,
  TRIGGER_NAME    VARCHAR(200) NOT NULL,
  TRIGGER_GROUP   VARCHAR(200) NOT NULL,
  REPEAT_COUNT    BIGINT       NOT NULL,
  REPEAT_INTERVAL BIGINT       NOT NULL,
  TIMES_TRIGGERED BIGINT       NOT NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES orchestration.qrtz_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE orchestration.qrtz_CRON_TRIGGERS
(
  SCHED_NAME      VARCHAR(120) NOT NULL,
  TRIGGER_NAME    VARCHAR(200) NOT NULL,
  TRIGGER_GROUP   VARCHAR(200) NOT NULL,
  CRON_EXPRESSION VARCHAR(120) NOT NULL,
  TIME_ZONE_ID    VARCHAR(80),
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES orchestration.qrtz_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE orchestration.qrtz_SIMPROP_TRIGGERS
(
  SCHED_NAME    VARCHAR(120)   NOT NULL,
  TRIGGER_NAME  VARCHAR(200)   NOT NULL,
  TRIGGER_GROUP VARCHAR(200)   NOT NULL,
  STR_PROP_1    VARCHAR(512)   NULL,
  STR_PROP_2    VARCHAR(512)   NULL,
  STR_PROP_3    VARCHAR(512)   NULL,
  INT_PROP_1    INT            NULL,
  INT_PROP_2    INT            NULL,
  LONG_PROP_1   BIGINT         NULL,
  LONG_PROP_2   BIGINT         NULL,
  DEC_PROP_1    NUMERIC(13, 4) NULL,
  DEC_PROP_2    NUMERIC(13, 4) NULL,
  BOOL_PROP_1   BOOL           NULL,
  BOOL_PROP_2   BOOL           NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES orchestration.qrtz_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE orchestration.qrtz_BLOB_TRIGGERS
(
  SCHED_NAME    VARCHAR(120) NOT NULL,
  TRIGGER_NAME  VARCHAR(200) NOT NULL,
  TRIGGER_GROUP VARCHAR(200) NOT NULL,
  BLOB_DATA     BYTEA        NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP),
  FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
  REFERENCES orchestration.qrtz_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP)
);

CREATE TABLE orchestration.qrtz_CALENDARS
(
  SCHED_NAME    VARCHAR(120) NOT NULL,
  CALENDAR_NAME VARCHAR(200) NOT NULL,
  CALENDAR      BYTEA        NOT NULL,
  PRIMARY KEY (SCHED_NAME, CALENDAR_NAME)
);


CREATE TABLE orchestration.qrtz_PAUSED_TRIGGER_GRPS
(
  SCHED_NAME    VARCHAR(120) NOT NULL,
  TRIGGER_GROUP VARCHAR(200) NOT NULL,
  PRIMARY KEY (SCHED_NAME, TRIGGER_GROUP)
);

CREATE TABLE orchestration.qrtz_FIRED_TRIGGERS
(
  SCHED_NAME        VARCHAR(120) NOT NULL,
  ENTRY_ID          VARCHAR(95)  NOT NULL,
  TRIGGER_NAME      VARCHAR(200) NOT NULL,
  TRIGGER_GROUP     VARCHAR(200) NOT NULL,
  INSTANCE_NAME     VARCHAR(200) NOT NULL,
  FIRED_TIME        BIGINT       NOT NULL,
  SCHED_TIME        BIGINT       NOT NULL,
  PRIORITY          INTEGER      NOT NULL,
  STATE             VARCHAR(16)  NOT NULL,
  JOB_NAME          VARCHAR(200) NULL,
  JOB_GROUP         VARCHAR(200) NULL,
  IS_NONCONCURRENT  BOOL         NULL,
  REQUESTS_RECOVERY BOOL         NULL,
  PRIMARY KEY (SCHED_NAME, ENTRY_ID)
);

CREATE TABLE orchestration.qrtz_SCHEDULER_STATE
(
  SCHED_NAME        VARCHAR(120) NOT NULL,
  INSTANCE_NAME     VARCHAR(200) NOT NULL,
  LAST_CHECKIN_TIME BIGINT       NOT NULL,
  CHECKIN_INTERVAL  BIGINT       NOT NULL,
  PRIMARY KEY (SCHED_NAME, INSTANCE_NAME)
);

CREATE TABLE orchestration.qrtz_LOCKS
(
  SCHED_NAME VARCHAR(120) NOT NULL,
  LOCK_NAME  VARCHAR(40)  NOT NULL,
  PRIMARY KEY (SCHED_NAME, LOCK_NAME)
);

CREATE INDEX idx_qrtz_J_REQ_RECOVERY
  ON orchestration.qrtz_JOB_DETAILS (SCHED_NAME, REQUESTS_RECOVERY);
CREATE INDEX idx_qrtz_J_GRP
  ON orchestration.qrtz_JOB_DETAILS (SCHED_NAME, JOB_GROUP);

CREATE INDEX idx_qrtz_T_J
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
CREATE INDEX idx_qrtz_T_JG
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, JOB_GROUP);
CREATE INDEX idx_qrtz_T_C
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, CALENDAR_NAME);
CREATE INDEX idx_qrtz_T_G
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, TRIGGER_GROUP);
CREATE INDEX idx_qrtz_T_STATE
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, TRIGGER_STATE);
CREATE INDEX idx_qrtz_T_N_STATE
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP, TRIGGER_STATE);
CREATE INDEX idx_qrtz_T_N_G_STATE
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, TRIGGER_GROUP, TRIGGER_STATE);
CREATE INDEX idx_qrtz_T_NEXT_FIRE_TIME
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, NEXT_FIRE_TIME);
CREATE INDEX idx_qrtz_T_NFT_ST
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, TRIGGER_STATE, NEXT_FIRE_TIME);
CREATE INDEX idx_qrtz_T_NFT_MISFIRE
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME);
CREATE INDEX idx_qrtz_T_NFT_ST_MISFIRE
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME, TRIGGER_STATE);
CREATE INDEX idx_qrtz_T_NFT_ST_MISFIRE_GRP
  ON orchestration.qrtz_TRIGGERS (SCHED_NAME, MISFIRE_INSTR, NEXT_FIRE_TIME, TRIGGER_GROUP, TRIGGER_STATE);

CREATE INDEX idx_qrtz_FT_TRIG_INST_NAME
  ON orchestration.qrtz_FIRED_TRIGGERS (SCHED_NAME, INSTANCE_NAME);
CREATE INDEX idx_qrtz_FT_INST_JOB_REQ_RCVRY
  ON orchestration.qrtz_FIRED_TRIGGERS (SCHED_NAME, INSTANCE_NAME, REQUESTS_RECOVERY);
CREATE INDEX idx_qrtz_FT_J_G
  ON orchestration.qrtz_FIRED_TRIGGERS (SCHED_NAME, JOB_NAME, JOB_GROUP);
CREATE INDEX idx_qrtz_FT_JG
  ON orchestration.qrtz_FIRED_TRIGGERS (SCHED_NAME, JOB_GROUP);
CREATE INDEX idx_qrtz_FT_T_G
  ON orchestration.qrtz_FIRED_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP);
CREATE INDEX idx_qrtz_FT_TG
  ON orchestration.qrtz_FIRED_TRIGGERS (SCHED_NAME, TRIGGER_GROUP);


