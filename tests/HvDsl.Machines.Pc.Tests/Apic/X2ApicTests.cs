using System.Linq;
using HvDsl.Machines.Pc.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests.Apic;

/// <summary>x2APIC mode (SDM vol. 3A 11.12): IA32_APIC_BASE EXTD, the registers as MSRs 0x800-0x8FF, and what faults.</summary>
public sealed class X2ApicTests
{
    private const ulong Enabled = LocalApic.BaseEnabled, Extended = LocalApic.BaseExtended;
    private const uint Id = 0x802, Tpr = 0x808, Eoi = 0x80B, Ldr = 0x80D, Esr = 0x828, Icr = 0x830, LvtTimer = 0x832, SelfIpi = 0x83F;

    private static bool WriteBase(PcMachine pc, ulong bits, int cpu = 0) =>
        pc.Vm.Cpus[cpu].TryWriteMsr(LocalApic.ApicBaseMsr, LocalApic.DefaultBase | bits | (cpu == 0 ? LocalApic.BaseBootstrap : 0));

    private static PcMachine InX2ApicMode(int cpus = 1)
    {
        var pc = ApicGuest.Create(cpus);
        for (var cpu = 0; cpu < cpus; cpu++) Assert.True(WriteBase(pc, Enabled | Extended, cpu));
        return pc;
    }

    private static ulong ReadMsr(PcMachine pc, uint index, int cpu = 0)
    {
        Assert.True(pc.Vm.Cpus[cpu].TryReadMsr(index, out var value), $"RDMSR 0x{index:X} faulted");
        return value;
    }

    [Fact]
    public void Cpuid_advertises_x2apic()
    {
        Assert.NotEqual(0u, CpuidTable.Query(1, 0).Ecx & 1u << 21);
    }

    [Fact]
    public void Apic_base_allows_only_the_architectural_mode_transitions()
    {
        using var pc = ApicGuest.Create();
        Assert.False(WriteBase(pc, Extended), "xAPIC to invalid (EXTD without EN)");
        Assert.True(WriteBase(pc, Enabled | Extended), "xAPIC to x2APIC");
        Assert.False(WriteBase(pc, Enabled), "x2APIC to xAPIC");
        Assert.True(WriteBase(pc, 0), "x2APIC to disabled");
        Assert.False(WriteBase(pc, Enabled | Extended), "disabled to x2APIC");
        Assert.True(WriteBase(pc, Enabled), "disabled to xAPIC");
    }

    [Fact]
    public void X2apic_msrs_fault_outside_x2apic_mode()
    {
        using var pc = ApicGuest.Create();
        Assert.False(pc.Vm.Cpu.TryReadMsr(Tpr, out _));
        Assert.False(pc.Vm.Cpu.TryWriteMsr(Tpr, 0));
    }

    [Fact]
    public void Id_is_the_initial_apic_id_and_read_only()
    {
        using var pc = InX2ApicMode(cpus: 2);
        Assert.Equal(1UL, ReadMsr(pc, Id, cpu: 1));
        Assert.False(pc.Vm.Cpus[1].TryWriteMsr(Id, 5));
    }

    [Fact]
    public void Ldr_is_derived_from_the_x2apic_id_as_cluster_and_bit()
    {
        using var pc = InX2ApicMode(cpus: 19);
        Assert.Equal(0x0001_0004UL, ReadMsr(pc, Ldr, cpu: 18));
        Assert.False(pc.Vm.Cpus[18].TryWriteMsr(Ldr, 0));
    }

    [Fact]
    public void Reserved_bits_and_the_upper_half_fault_but_the_tpr_takes_its_byte()
    {
        using var pc = InX2ApicMode();
        Assert.False(pc.Vm.Cpu.TryWriteMsr(Tpr, 1UL << 32));
        Assert.False(pc.Vm.Cpu.TryWriteMsr(Tpr, 0x100));
        Assert.False(pc.Vm.Cpu.TryWriteMsr(Esr, 1));
        Assert.False(pc.Vm.Cpu.TryWriteMsr(Eoi, 1));
        Assert.False(pc.Vm.Cpu.TryWriteMsr(SelfIpi, 0x100));
        Assert.True(pc.Vm.Cpu.TryWriteMsr(Tpr, 0x50));
        Assert.Equal(0x50UL, ReadMsr(pc, Tpr));
        Assert.Equal(5UL, pc.Vm.Cpu.GetRegister(Iced.Intel.Register.CR8));
    }

    [Fact]
    public void Registers_x2apic_lacks_and_write_only_ones_fault_on_read()
    {
        using var pc = InX2ApicMode();
        foreach (var index in new uint[] { 0x809, 0x80C, 0x80E, 0x831, 0x82F, 0x840 })
            Assert.False(pc.Vm.Cpu.TryReadMsr(index, out _), $"RDMSR 0x{index:X}");
        Assert.False(pc.Vm.Cpu.TryReadMsr(Eoi, out _));
        Assert.False(pc.Vm.Cpu.TryReadMsr(SelfIpi, out _));
    }

    [Fact]
    public void Guest_rdmsr_of_the_eoi_register_faults_through_the_msr_table()
    {
        using var pc = InX2ApicMode();
        Assert.False(new MsrsTable().TryRead(pc.Vm.Cpu, Eoi, out _));
        Assert.True(new MsrsTable().TryRead(pc.Vm.Cpu, Tpr, out _));
    }

    [Fact]
    public void Icr_is_one_64_bit_register_and_reads_back_its_destination()
    {
        using var pc = InX2ApicMode(cpus: 2);
        Assert.True(pc.Vm.Cpu.TryWriteMsr(Icr, 1UL << 32 | 0x41));
        Assert.Equal(1UL << 32 | 0x41, ReadMsr(pc, Icr));
        Assert.Equal(0x41, pc.LocalApics[1].Acknowledge());
        Assert.Equal(-1, pc.LocalApics[0].Acknowledge());
    }

    [Fact]
    public void Icr_broadcast_is_all_ones_in_the_32_bit_destination()
    {
        using var pc = InX2ApicMode(cpus: 3);
        Assert.True(pc.Vm.Cpu.TryWriteMsr(Icr, 0xFFFF_FFFFUL << 32 | 0x42));
        foreach (var apic in pc.LocalApics) Assert.Equal(0x42, apic.Acknowledge());
    }

    [Fact]
    public void Logical_icr_names_a_cluster_and_a_bitmap_of_its_members()
    {
        using var pc = InX2ApicMode(cpus: 4);
        // Cluster 0, logical bits 1 and 3: x2APIC IDs 1 and 3.
        Assert.True(pc.Vm.Cpu.TryWriteMsr(Icr, 0xAUL << 32 | 1u << 11 | 0x43));
        Assert.Equal([-1, 0x43, -1, 0x43], pc.LocalApics.Select(apic => apic.Acknowledge()));
    }

    [Fact]
    public void Self_ipi_register_raises_its_vector_on_this_apic()
    {
        using var pc = InX2ApicMode(cpus: 2);
        Assert.True(pc.Vm.Cpu.TryWriteMsr(SelfIpi, 0x44));
        Assert.Equal(0x44, pc.LocalApics[0].Acknowledge());
        Assert.Equal(-1, pc.LocalApics[1].Acknowledge());
    }

    [Fact]
    public void Lvt_timer_reads_back_through_its_msr()
    {
        using var pc = InX2ApicMode();
        Assert.True(pc.Vm.Cpu.TryWriteMsr(LvtTimer, 0x2_0060));
        Assert.Equal(0x2_0060UL, ReadMsr(pc, LvtTimer));
    }

    [Fact]
    public void Xapic_window_reads_all_ones_and_drops_writes_in_x2apic_mode()
    {
        using var pc = InX2ApicMode();
        pc.ApicWrite(0x80, 0x30);
        Assert.Equal(0xFFFF_FFFFu, pc.ApicRead(0x30));
        Assert.Equal(0UL, ReadMsr(pc, Tpr));
    }

    [Fact]
    public void Io_apic_logical_destination_reaches_x2apic_processors_by_derived_logical_id()
    {
        using var pc = InX2ApicMode(cpus: 4);
        // Logical destination 0xD: cluster 0, bits 0, 2 and 3.
        Assert.True(pc.LocalApics[0].IsDestination(0xD, logical: true));
        Assert.False(pc.LocalApics[1].IsDestination(0xD, logical: true));
        Assert.True(pc.LocalApics[2].IsDestination(0xD, logical: true));
        Assert.True(pc.LocalApics[3].IsDestination(0xD, logical: true));
    }

    [Fact]
    public void Cpuid_leaf_b_reports_the_x2apic_id_and_the_core_levels_shift_and_count()
    {
        using var pc = ApicGuest.Create(cpus: 3);
        ApicGuest.Boot(pc, a =>
        {
            a.mov(eax, 0xB);
            a.mov(ecx, 1);
            a.cpuid();
            a.mov(__dword_ptr[0x700], eax);
            a.mov(__dword_ptr[0x704], ebx);
            a.mov(__dword_ptr[0x708], ecx);
            a.mov(__dword_ptr[0x70C], edx);
            a.cli();
            a.hlt();
        }, eoi: false);
        pc.Vm.Run(10_000);
        var bytes = new byte[16];
        pc.Vm.Memory.Read(0x700, bytes);
        var words = Enumerable.Range(0, 4).Select(i => System.BitConverter.ToUInt32(bytes, 4 * i));
        Assert.Equal([2u, 3u, 0x201u, 0u], words);
    }
}
