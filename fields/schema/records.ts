import type { Migration } from '../db.js';

/** Jobs, flights, telemetry samples, application records and the audit chain (issue 6). */
export const RECORD_MIGRATIONS: Migration[] = [
  {
    name: 'records_001_jobs_flights_samples',
    sql: `
      -- A spraying job a farmer asked for. Plots and products are JSON documents (see fields/records/jobs.ts).
      CREATE TABLE records_jobs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        farmer TEXT NOT NULL,
        farmer_phone TEXT NOT NULL DEFAULT '',
        plots TEXT NOT NULL,              -- JSON JobPlot[]
        crop TEXT NOT NULL DEFAULT '',
        crop_stage TEXT NOT NULL DEFAULT '',
        target TEXT NOT NULL DEFAULT '',
        products TEXT NOT NULL,           -- JSON ProductUse[]
        water_lha REAL,
        planned_date TEXT,
        status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','flown','closed','cancelled')),
        notes TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX records_jobs_date ON records_jobs(planned_date);

      -- Plans made for a job, with a snapshot of the plan (the planned route drawn in reports).
      CREATE TABLE records_job_plans (
        job_id TEXT NOT NULL REFERENCES records_jobs(id),
        plan_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        plan_json TEXT NOT NULL,
        PRIMARY KEY (job_id, plan_id)
      );

      -- One flight (one sortie of one vehicle), recorded while connected.
      CREATE TABLE records_flights (
        id TEXT PRIMARY KEY,
        job_id TEXT REFERENCES records_jobs(id),
        plan_id TEXT,
        vehicle TEXT NOT NULL,
        sortie INTEGER,
        operator TEXT NOT NULL DEFAULT '',
        swath_m REAL,
        rate_lha REAL,
        started_at INTEGER NOT NULL,     -- unix ms
        ended_at INTEGER,                -- unix ms; NULL while flying or after a crash
        sample_count INTEGER,            -- set when the flight is closed
        samples_sha256 TEXT              -- digest of the samples, set when the flight is closed
      );
      CREATE INDEX records_flights_job ON records_flights(job_id);
      CREATE INDEX records_flights_start ON records_flights(started_at);

      -- Telemetry samples (up to 10 Hz). Append-only.
      CREATE TABLE records_samples (
        flight_id TEXT NOT NULL,
        t INTEGER NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        alt_m REAL NOT NULL,
        gs_mps REAL NOT NULL,
        hdg_deg REAL NOT NULL,
        spraying INTEGER NOT NULL,
        flow_lpm REAL,
        batt_pct REAL,
        batt_v REAL,
        mode TEXT NOT NULL,
        armed INTEGER NOT NULL,
        mission_seq INTEGER
      );
      CREATE INDEX records_samples_flight_t ON records_samples(flight_id, t);
      CREATE TRIGGER records_samples_no_update BEFORE UPDATE ON records_samples
        BEGIN SELECT RAISE(ABORT, 'telemetry samples are append-only'); END;
      CREATE TRIGGER records_samples_no_delete BEFORE DELETE ON records_samples
        BEGIN SELECT RAISE(ABORT, 'telemetry samples are append-only'); END;
      -- A closed flight keeps its samples: no more appends after the digest was taken.
      CREATE TRIGGER records_samples_closed_flight BEFORE INSERT ON records_samples
        WHEN (SELECT samples_sha256 FROM records_flights WHERE id = NEW.flight_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'flight is closed: no more samples'); END;
    `,
  },
  {
    name: 'records_002_applications',
    sql: `
      -- An application record (VietGAP / GlobalG.A.P.). 'data' is the JSON ApplicationRecordDraft.
      CREATE TABLE records_applications (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES records_jobs(id),
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        closed_at TEXT,
        record_hash TEXT
      );
      CREATE INDEX records_applications_job ON records_applications(job_id);
      CREATE TABLE records_application_flights (
        application_id TEXT NOT NULL REFERENCES records_applications(id),
        flight_id TEXT NOT NULL REFERENCES records_flights(id),
        PRIMARY KEY (application_id, flight_id)
      );
      -- A closed record is final: corrections are new records.
      CREATE TRIGGER records_applications_closed_no_update BEFORE UPDATE ON records_applications
        WHEN OLD.status = 'closed'
        BEGIN SELECT RAISE(ABORT, 'application record is closed'); END;
      CREATE TRIGGER records_applications_no_delete BEFORE DELETE ON records_applications
        BEGIN SELECT RAISE(ABORT, 'application records are never deleted'); END;
    `,
  },
  {
    name: 'records_003_audit',
    sql: `
      -- The audit chain: hash = sha256(prev_hash || canonical JSON of {seq, at, kind, subject, actor, data}).
      CREATE TABLE records_audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER records_audit_no_update BEFORE UPDATE ON records_audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER records_audit_no_delete BEFORE DELETE ON records_audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER records_audit_in_order BEFORE INSERT ON records_audit
        WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM records_audit)
          OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM records_audit ORDER BY seq DESC LIMIT 1),
                                           '0000000000000000000000000000000000000000000000000000000000000000')
        BEGIN SELECT RAISE(ABORT, 'audit rows must extend the chain'); END;
    `,
  },
  {
    name: 'records_004_flight_guards',
    sql: `
      -- A closed flight (digest taken) is final; flights are never deleted.
      CREATE TRIGGER records_flights_closed_no_update BEFORE UPDATE ON records_flights
        WHEN OLD.samples_sha256 IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'flight is closed'); END;
      CREATE TRIGGER records_flights_no_delete BEFORE DELETE ON records_flights
        BEGIN SELECT RAISE(ABORT, 'flights are never deleted'); END;
      CREATE TRIGGER records_jobs_no_delete BEFORE DELETE ON records_jobs
        BEGIN SELECT RAISE(ABORT, 'jobs are never deleted; cancel them'); END;
    `,
  },
];
