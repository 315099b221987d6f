//! A fixed set of PostgreSQL connections, each lent to one request at a
//! time (a transaction needs its connection to itself), each with the
//! peer's statements prepared once.

use std::sync::Mutex;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio_postgres::{Client, NoTls, Statement};

/// The events of the streams named, and the events of the ids named (a
/// retry's): what an append is checked against, in one round trip.
const READ: &str = "SELECT position, id, stream, version, type, data::text, metadata::text \
     FROM peer_events WHERE stream = ANY($1) OR id = ANY($2) ORDER BY stream, version";

const INSERT: &str = "INSERT INTO peer_events (id, stream, version, type, data, metadata) \
     VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb) RETURNING position";

/// One connection and its prepared statements.
pub struct Connection {
    pub client: Client,
    pub read: Statement,
    pub insert: Statement,
}

impl Connection {
    pub async fn open(pg: &str) -> Result<Connection, String> {
        let (client, connection) = tokio_postgres::connect(pg, NoTls)
            .await
            .map_err(|e| format!("cannot connect to PostgreSQL: {e}"))?;
        tokio::spawn(connection);
        let prepare = |sql| client.prepare(sql);
        let read = prepare(READ).await.map_err(|e| e.to_string())?;
        let insert = prepare(INSERT).await.map_err(|e| e.to_string())?;
        Ok(Connection {
            client,
            read,
            insert,
        })
    }
}

pub struct Pool {
    idle: Mutex<Vec<Connection>>,
    available: Semaphore,
    size: usize,
}

/// A connection lent out; it goes back when dropped.
pub struct Lease<'a> {
    connection: Option<Connection>,
    pool: &'a Pool,
    _permit: SemaphorePermit<'a>,
}

impl Pool {
    pub fn new(connections: Vec<Connection>) -> Pool {
        Pool {
            available: Semaphore::new(connections.len()),
            size: connections.len(),
            idle: Mutex::new(connections),
        }
    }

    /// The next idle connection, waiting for one; `None` for a pool of none
    /// (the tests' peer, which must refuse before it needs one).
    pub async fn get(&self) -> Option<Lease<'_>> {
        if self.size == 0 {
            return None;
        }
        let permit = self.available.acquire().await.ok()?;
        let connection = self.idle.lock().expect("the pool's lock").pop();
        Some(Lease {
            connection,
            pool: self,
            _permit: permit,
        })
    }
}

impl std::ops::Deref for Lease<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.connection.as_ref().expect("a connection per permit")
    }
}

impl std::ops::DerefMut for Lease<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.connection.as_mut().expect("a connection per permit")
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        // Back before the permit is released (fields drop after this).
        if let Some(connection) = self.connection.take() {
            self.pool
                .idle
                .lock()
                .expect("the pool's lock")
                .push(connection);
        }
    }
}
