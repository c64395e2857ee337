#!/bin/bash
# A single-node Slurm cluster on this machine, for trying `landscape slurm` and for the tests:
#   scripts/slurm-local.sh start   installs slurm-wlm and munge when missing (as root), starts munged,
#                                  slurmctld and slurmd from a generated slurm.conf, waits for the node
#   scripts/slurm-local.sh stop    stops the daemons it started (by pid) and removes its folder
# Everything lives under $SLURM_LOCAL_DIR (default /tmp/landscape-slurm): the munge key and socket,
# slurm.conf, state, spool, logs and pid files; ports $SLURM_LOCAL_PORT and +1 on loopback.
# Then point the clients at it:  export SLURM_CONF=$SLURM_LOCAL_DIR/slurm.conf
set -euo pipefail
DIR=${SLURM_LOCAL_DIR:-/tmp/landscape-slurm}
PORT=${SLURM_LOCAL_PORT:-16817}

# Runs a daemon with none of the caller's file descriptors: a parent waiting on a pipe or socket
# this script inherited (Foundation's Process does) would otherwise wait for the daemon to exit.
detached() {
    (
        for fd in $(ls /proc/$BASHPID/fd); do
            if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec "$@"
    ) </dev/null
}

stop() {
    for name in slurmd slurmctld munged; do
        pidfile="$DIR/$name.pid"
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$pidfile"
    done
}

case "${1:-}" in
start)
    [ "$(id -u)" = 0 ] || { echo "slurm-local.sh: run as root (the daemons run as root on loopback)" >&2; exit 1; }
    missing=""
    command -v slurmctld >/dev/null || missing="$missing slurm-wlm"
    command -v munged >/dev/null || missing="$missing munge"
    if [ -n "$missing" ]; then
        echo "installing:$missing"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null
    fi
    stop
    rm -rf "$DIR"
    mkdir -p "$DIR"/{state,spool,log,munge}
    chmod 700 "$DIR/munge"
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$DIR/munge/munge.key"
    detached munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket" \
        --pid-file="$DIR/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/seed" </dev/null >/dev/null 2>&1
    host=$(hostname -s)
    cpus=$(nproc)
    memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
    cat > "$DIR/slurm.conf" <<CONF
ClusterName=landscape-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF="$DIR/slurm.conf"
    # The daemons must not hold the caller's stdout/stderr (a test reading them would wait forever).
    detached slurmctld -f "$SLURM_CONF" >>"$DIR/log/slurmctld.out" 2>&1
    detached slurmd -f "$SLURM_CONF" >>"$DIR/log/slurmd.out" 2>&1
    for _ in $(seq 100); do
        if sinfo -h -o %t 2>/dev/null | grep -q idle; then
            echo "slurm-local: node $host idle ($cpus CPUs); export SLURM_CONF=$SLURM_CONF"
            exit 0
        fi
        sleep 0.3
    done
    echo "slurm-local: the node did not come up; logs in $DIR/log" >&2
    tail -n 20 "$DIR"/log/*.log >&2 || true
    stop
    exit 1
    ;;
stop)
    stop
    rm -rf "$DIR"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
