package org.tsnlat.lab;

/**
 * The guest's {@code /init} (busybox sh), and the words it and the host exchange: the one owner of
 * that vocabulary. From the kernel command line it takes its addresses
 * ({@value #IP}{@code =198.18.0.2/24}, {@value #IP6}{@code =...}); it loads the initramfs's
 * modules in order, brings up eth0 (the virtio NIC), mounts the host's root read-only over 9p
 * (mount tag {@value #HOST_ROOT_TAG}) with proc, sys, dev, tmpfs /run and /dev/shm, and /tmp as a
 * tmpfs overlay on the host's (so a checkout under /tmp is seen) on top, and the lab's writable share (tag {@value #SHARE_TAG}) at {@value #SHARE_MOUNT} inside it, then
 * says {@value #READY} on the console with its kernel release and NIC, and serves the control
 * port: each line it reads there is run with {@code sh -c} in the host's root (chroot; with
 * {@code TSNLAT_AOT=0}: never the host's start-up caches, whose code is for the host's CPU), its output
 * sent back, then {@value #EXIT}{@code  N}; a port whose host end is closed is opened again. The
 * control port is a virtio console port ({@code /dev/vport*p1}), not the measured NIC.
 */
final class GuestInit {
    static final String IP = "tsnlat.ip";
    static final String IP6 = "tsnlat.ip6";
    static final String HOST_ROOT_TAG = "hostroot";
    static final String SHARE_TAG = "labshare";
    /** Where the lab's writable share is, inside the host root the guest runs in. */
    static final String SHARE_MOUNT = "/run/tsnlat-guest";
    /** Printed on the console once the guest can be used: {@code tsnlat-guest: ready KERNEL NIC-DRIVER}. */
    static final String READY = "tsnlat-guest: ready";
    /** Printed on the console when something the guest needs failed, with what. */
    static final String FAILED = "tsnlat-guest: failed:";
    /** After a command's output on the control port: {@code tsnlat-guest-exit STATUS}. */
    static final String EXIT = "tsnlat-guest-exit";

    private GuestInit() {
    }

    static String script() {
        return """
                #!/bin/busybox sh
                # /init of the tsnlat VM lab's guest (written by tsnlat: org.tsnlat.lab.GuestInit)
                /bin/busybox mkdir -p /proc /sys /dev /host /sbin /usr/bin /usr/sbin
                /bin/busybox --install -s
                mount -t proc proc /proc
                mount -t sysfs sys /sys
                mount -t devtmpfs dev /dev
                fail() { echo "%1$s $*" > /dev/console; sleep 2; poweroff -f; }
                for m in $(cat /modules/order); do insmod /modules/$m || fail "insmod $m"; done
                ip4=; ip6=
                for a in $(cat /proc/cmdline); do
                  case "$a" in %2$s=*) ip4=${a#*=} ;; %3$s=*) ip6=${a#*=} ;; esac
                done
                ip link set lo up
                ip link set eth0 up || fail "no eth0 (virtio-net)"
                [ -n "$ip4" ] && { ip addr add "$ip4" dev eth0 || fail "address $ip4"; }
                echo 0 > /proc/sys/net/ipv6/conf/eth0/accept_dad
                [ -n "$ip6" ] && { ip -6 addr add "$ip6" dev eth0 || fail "address $ip6"; }
                mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 %4$s /host || fail "mount of the host root"
                mount -t proc proc /host/proc
                mount -t sysfs sys /host/sys
                mount -t devtmpfs dev /host/dev
                mkdir -p /host/dev/shm
                for d in /host/run /host/dev/shm; do mount -t tmpfs tmpfs $d; done
                # /tmp writable, and still showing the host's (a checkout there, a test's files): an
                # overlay of a tmpfs on the host's read-only /tmp
                mkdir -p /overlay && mount -t tmpfs tmpfs /overlay && mkdir -p /overlay/up /overlay/work
                mount -t overlay overlay -o lowerdir=/host/tmp,upperdir=/overlay/up,workdir=/overlay/work /host/tmp \
                  || fail "overlay on /tmp"
                mkdir -p /host%5$s
                mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 %6$s /host%5$s || fail "mount of the lab share"
                driver=$(basename "$(readlink /sys/class/net/eth0/device/driver)")
                port=
                for i in 1 2 3 4 5 6 7 8 9 10; do
                  for p in /dev/vport*p1; do [ -c "$p" ] && port=$p; done
                  [ -n "$port" ] && break
                  sleep 0.2
                done
                [ -n "$port" ] || fail "no control port (virtio console)"
                echo "%7$s $(uname -r) $driver" > /dev/console
                # a port with nobody at the host's end reads as at its end: open it again, and again. In a
                # subshell, so that nothing there ends init (the guest's kernel would panic); a command
                # gets the port as its output only (a command left running must send its own elsewhere)
                while true; do
                  (
                    exec 3<>"$port" || exit 1
                    while read -r line <&3; do
                      # TSNLAT_AOT=0: the host's start-up caches hold code for the host's CPU (a guest
                      # CPU without its features died of SIGILL), and a checkout under /tmp is writable here
                      TSNLAT_AOT=0 chroot /host /bin/sh -c "$line" >&3 2>&1 </dev/null 3<&-
                      echo "%8$s $?" >&3
                    done
                  )
                  sleep 0.5
                done
                """.formatted(FAILED, IP, IP6, HOST_ROOT_TAG, SHARE_MOUNT, SHARE_TAG, READY, EXIT);
    }
}
