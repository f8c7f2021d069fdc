package org.tsnlat.lab;

import java.util.regex.Pattern;

/**
 * What to build.
 *
 * @param name the lab's name, prefix of its namespaces ({@code <name>-talker}); null means
 *     {@value #DEFAULT_NAME}
 * @param topology how the hosts are joined
 * @param shaping the bottleneck's rate limit, or null for none
 * @param ptp whether to run ptp4l (master in the talker, slave in the listener)
 * @param guestKernel the VM lab's guest kernel (ignored by the other topologies)
 * @param vcpuCpus the VM lab's vCPU pinning: as many CPUs as the guest has vCPUs pins vCPU i to
 *     the i-th, another number pins every vCPU to all of them; empty leaves them where the kernel puts them
 * @param guestNet how the VM lab's guest NIC is attached; null means {@link GuestNet#TAP_BRIDGE}
 * @param vhostCpus the CPUs QEMU's vhost-net workers ({@code vhost-<pid>}) are pinned to; empty
 *     leaves them alone. Only where the guest has vhost: under KVM with /dev/vhost-net ({@link Lab#up} refuses it elsewhere)
 */
public record LabSpec(String name, Topology topology, Shaping shaping, boolean ptp, GuestImage.Flavour guestKernel,
                      java.util.List<Integer> vcpuCpus, GuestNet guestNet, java.util.List<Integer> vhostCpus) {
    public static final String DEFAULT_NAME = "tsnlat";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public LabSpec {
        if (name == null) {
            name = DEFAULT_NAME;
        }
        if (!NAME.matcher(name).matches()) {
            throw new org.tsnlat.exit.UsageException("lab name '" + name
                    + "' must be 1-32 of a-z, 0-9, '-' and '_', starting with a letter or digit");
        }
        if (topology == null) {
            throw new org.tsnlat.exit.UsageException("a lab needs a topology (veth, bridge, macvlan or vm)");
        }
        if (guestKernel == null) {
            guestKernel = GuestImage.Flavour.GENERIC;
        }
        vcpuCpus = vcpuCpus == null ? java.util.List.of() : java.util.List.copyOf(vcpuCpus);
        if (guestNet != null && guestNet != GuestNet.TAP_BRIDGE && !topology.hasGuest()) {
            throw new org.tsnlat.exit.UsageException("--guest-net needs --topology vm");
        }
        if (guestNet == null) {
            guestNet = GuestNet.TAP_BRIDGE;
        }
        vhostCpus = vhostCpus == null ? java.util.List.of() : java.util.List.copyOf(vhostCpus);
        if (!vhostCpus.isEmpty() && !topology.hasGuest()) {
            throw new org.tsnlat.exit.UsageException("--vhost-cpu needs --topology vm");
        }
        if (!vcpuCpus.isEmpty() && !topology.hasGuest()) {
            throw new org.tsnlat.exit.UsageException("--vcpu-cpu needs --topology vm");
        }
        int online = org.tsnlat.linux.Cpus.online();
        for (var given : java.util.Map.of("--vcpu-cpu", vcpuCpus, "--vhost-cpu", vhostCpus).entrySet()) {
            for (int cpu : given.getValue()) {
                if (cpu >= online) {
                    throw new org.tsnlat.exit.UsageException(given.getKey() + ": CPU " + cpu + " is not one of this machine's "
                            + online + " (0-" + (online - 1) + ")");
                }
            }
        }
    }

    /** A lab whose guest's vhost workers (if any) stay where the kernel puts them. */
    public LabSpec(String name, Topology topology, Shaping shaping, boolean ptp, GuestImage.Flavour guestKernel,
                   java.util.List<Integer> vcpuCpus, GuestNet guestNet) {
        this(name, topology, shaping, ptp, guestKernel, vcpuCpus, guestNet, null);
    }

    /** A lab whose guest (if any) is on a tap in a bridge. */
    public LabSpec(String name, Topology topology, Shaping shaping, boolean ptp, GuestImage.Flavour guestKernel,
                   java.util.List<Integer> vcpuCpus) {
        this(name, topology, shaping, ptp, guestKernel, vcpuCpus, null);
    }

    /** A lab with its vCPUs where the kernel puts them. */
    public LabSpec(String name, Topology topology, Shaping shaping, boolean ptp, GuestImage.Flavour guestKernel) {
        this(name, topology, shaping, ptp, guestKernel, java.util.List.of());
    }

    /** A lab with the generic guest kernel (used only by {@link Topology#VM}). */
    public LabSpec(String name, Topology topology, Shaping shaping, boolean ptp) {
        this(name, topology, shaping, ptp, GuestImage.Flavour.GENERIC);
    }
}
