using System;
using HvDsl.Machines.Pc.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The MSRs a kernel reads early (SDM vol. 4 table 2-2, vol. 3B ch. 15), read and written by a real-mode guest whose #GP handler reads the MSR back.</summary>
public sealed class EarlyMsrTests
{
    private const ushort GpHandler = 0x7000;
    private const ulong GpMark = 13;
    private const uint MiscEnable = 0x1A0, BiosSignId = 0x8B, DebugCtl = 0x1D9, McgCap = 0x179, McgStatus = 0x17A, ArchCapabilities = 0x10A;
    private const uint Mc0Ctl = 0x400, Mc0Status = 0x401, Mc0Addr = 0x402, Mc0Misc = 0x403;
    private const ulong Address = 0x0000_1234_5678_9ABC, NonCanonical = 0x8000_0000_0000_0000;

    /// <summary>Runs <paramref name="program"/> to its HLT; a #GP lands in a handler that sets EBX to 13, reads MSR ECX into EDX:EAX (unless that faults too) and halts.</summary>
    private static (ulong Value, bool Faulted) Run(Action<Assembler> program)
    {
        using var pc = Guest.Create();
        pc.LoadRealMode(GpHandler, a =>
        {
            var halt = a.CreateLabel();
            a.cmp(ebx, (uint)GpMark);
            a.je(halt); // the read-back of an MSR that does not exist faults again
            a.mov(ebx, (uint)GpMark);
            a.rdmsr();
            a.Label(ref halt);
            a.hlt();
        });
        pc.SetVector(13, GpHandler);
        pc.BootRealMode(a =>
        {
            a.xor(ebx, ebx);
            program(a);
            a.hlt();
        });

        var exit = pc.Vm.Run(1000);

        var cpu = pc.Vm.Cpu;
        Assert.Equal("guest halted", exit.Message);
        return ((cpu.GetRegister(Register.RDX) << 32) | (uint)cpu.GetRegister(Register.RAX), cpu.GetRegister(Register.RBX) == GpMark);
    }

    private static (ulong Value, bool Faulted) WriteThenRead(uint index, ulong value) => Run(a =>
    {
        Write(a, index, value);
        Read(a, index);
    });

    private static (ulong Value, bool Faulted) WriteTwice(uint index, ulong first, ulong second) => Run(a =>
    {
        Write(a, index, first);
        Write(a, index, second);
    });

    private static void Write(Assembler a, uint index, ulong value)
    {
        a.mov(ecx, index);
        a.mov(eax, (uint)value);
        a.mov(edx, (uint)(value >> 32));
        a.wrmsr();
    }

    private static void Read(Assembler a, uint index)
    {
        a.mov(ecx, index);
        a.rdmsr();
    }

    [Fact]
    public void Misc_enable_reads_fast_strings_on_and_no_performance_monitoring()
    {
        Assert.Equal((0x1801UL, false), Run(a => Read(a, MiscEnable)));
    }

    [Fact]
    public void Misc_enable_keeps_the_writable_bits_and_ignores_writes_to_the_read_only_ones()
    {
        // Writable 0, 3, 16, 18, 22, 23, 34 set; read-only 7 set and 11, 12 clear: the read-only bits keep their reset value.
        Assert.Equal((0x4_00C5_1809UL, false), WriteThenRead(MiscEnable, 0x4_00C5_0089));
    }

    [Fact]
    public void Misc_enable_write_of_a_reserved_bit_raises_gp_and_keeps_the_old_value()
    {
        Assert.Equal((0x1801UL, true), Run(a => Write(a, MiscEnable, 0x1803)));
    }

    [Fact]
    public void Microcode_revision_reads_in_the_high_half_after_the_write_of_zero_and_cpuid_1()
    {
        Assert.Equal((0x1_0000_0000UL, false), Run(a =>
        {
            Write(a, BiosSignId, 0);
            a.mov(eax, 1);
            a.cpuid();
            Read(a, BiosSignId);
        }));
    }

    [Fact]
    public void Debugctl_keeps_lbr_and_btf()
    {
        Assert.Equal((0b11UL, false), WriteThenRead(DebugCtl, 0b11));
    }

    [Fact]
    public void Debugctl_write_of_a_reserved_bit_raises_gp_and_keeps_the_old_value()
    {
        Assert.Equal((0b1UL, true), WriteTwice(DebugCtl, 0b1, 0b101));
    }

    [Fact]
    public void Mcg_cap_reports_one_bank_and_no_machine_check_in_progress()
    {
        Assert.Equal((1UL, false), Run(a => Read(a, McgCap)));
        Assert.Equal((0UL, false), Run(a => Read(a, McgStatus)));
    }

    [Fact]
    public void Arch_capabilities_says_no_meltdown_mds_or_other_speculation_issue_and_no_control_msrs()
    {
        // RDCL_NO SSB_NO MDS_NO IF_PSCHANGE_MC_NO TAA_NO SBDR_SSDP_NO FBSDP_NO PSDP_NO BHI_NO PBRSB_NO GDS_NO RFDS_NO ITS_NO.
        const ulong notAffected = 1 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 8 | 1 << 13 | 1 << 14 | 1 << 15 | 1 << 20 | 1 << 24 | 1 << 26 | 1 << 27 | 1UL << 62;

        Assert.Equal((notAffected, false), Run(a => Read(a, ArchCapabilities)));
    }

    [Fact]
    public void Arch_capabilities_is_read_only()
    {
        Assert.True(Run(a => Write(a, ArchCapabilities, 0)).Faulted);
    }

    [Fact]
    public void Mcg_cap_is_read_only()
    {
        Assert.Equal((1UL, true), Run(a => Write(a, McgCap, 2)));
    }

    [Theory]
    [InlineData(0x404u)]
    [InlineData(0x405u)]
    [InlineData(0x47Fu)]
    public void Bank_msrs_past_the_banks_mcg_cap_reports_raise_gp(uint index)
    {
        Assert.True(Run(a => Read(a, index)).Faulted);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(ulong.MaxValue)]
    public void Mc0_ctl_takes_all_zeros_or_all_ones(ulong value)
    {
        Assert.Equal((value, false), WriteThenRead(Mc0Ctl, value));
    }

    [Fact]
    public void Mc0_ctl_write_of_a_partial_mask_raises_gp_and_keeps_the_old_value()
    {
        Assert.Equal((ulong.MaxValue, true), WriteTwice(Mc0Ctl, ulong.MaxValue, 0xAAAA_AAAA_AAAA_AAAA));
    }

    [Fact]
    public void Mc0_status_is_cleared_by_writing_zero()
    {
        Assert.Equal((0UL, false), WriteThenRead(Mc0Status, 0));
    }

    [Fact]
    public void Mc0_status_write_of_a_one_raises_gp()
    {
        Assert.Equal((0UL, true), Run(a => Write(a, Mc0Status, 1)));
    }

    [Theory]
    [InlineData(Mc0Addr, ulong.MaxValue)]
    [InlineData(Mc0Addr, 0xAAAA_AAAA_AAAA_AAAA)]
    [InlineData(Mc0Misc, ulong.MaxValue)]
    [InlineData(Mc0Misc, 0xAAAA_AAAA_AAAA_AAAA)]
    public void Mc0_addr_and_misc_keep_any_value(uint index, ulong value)
    {
        Assert.Equal((value, false), WriteThenRead(index, value));
    }

    [Theory]
    [InlineData(0xC000_0100u)] // FS_BASE
    [InlineData(0xC000_0101u)] // GS_BASE
    [InlineData(0xC000_0102u)] // KERNEL_GS_BASE
    [InlineData(0xC000_0082u)] // LSTAR
    [InlineData(0xC000_0083u)] // CSTAR
    [InlineData(0x175u)] // SYSENTER_ESP
    [InlineData(0x176u)] // SYSENTER_EIP
    public void Non_canonical_address_write_raises_gp_and_keeps_the_old_value(uint index)
    {
        Assert.Equal((Address, false), WriteThenRead(index, Address));
        Assert.Equal((Address, true), WriteTwice(index, Address, NonCanonical));
    }
}
