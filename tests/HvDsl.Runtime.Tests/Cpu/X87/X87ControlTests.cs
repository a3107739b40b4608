using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Float;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>The x87 control instructions: FNINIT's state, the control and status words, WAIT, and the #NM/#MF checks.</summary>
public sealed class X87ControlTests
{
    private const ulong Handler = 0x180000;
    private const ulong Data = 0x200000;
    private const ulong Cr0Mp = 1 << 1, Cr0Em = 1 << 2, Cr0Ts = 1 << 3, Cr0Ne = 1 << 5;

    /// <summary>A handler for <paramref name="vector"/> (no error code) that puts the vector in RDI and halts.</summary>
    internal static void LoadFaultHandler(Vm vm, int vector)
    {
        vm.Memory.Load(Handler + (ulong)vector * 0x40, Guest.Assemble(64, Handler + (ulong)vector * 0x40, a =>
        {
            a.mov(rdi, vector);
            a.hlt();
        }));
        Idt.Gate64(vm, vector, Handler + (ulong)vector * 0x40);
    }

    /// <summary>A long-mode guest running <paramref name="program"/> with RAX at <see cref="Data"/> and RDI = -1 unless a fault handler runs.</summary>
    internal static Vm LongGuest(Action<Assembler> program, params int[] vectors)
    {
        var vm = Guest.Boot("long", a =>
        {
            a.mov(rdi, -1);
            a.mov(eax, (uint)Data);
            program(a);
            a.hlt();
        });
        foreach (var vector in vectors)
            LoadFaultHandler(vm, vector);
        return vm;
    }

    private static ushort Word(Vm vm, ulong address)
    {
        Span<byte> bytes = stackalloc byte[2];
        Assert.True(vm.Memory.Read(address, bytes));
        return BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    [Fact]
    public void Fninit_sets_the_control_word_037F_a_clear_status_word_and_every_tag_empty()
    {
        using var vm = LongGuest(a =>
        {
            a.fninit();
            a.fnstcw(__word_ptr[rax]);
            a.fnstsw(__word_ptr[rax + 2]);
            a.fnstenv(__[rax + 16]);
        });

        Guest.RunToHalt(vm);

        Assert.Equal((ushort)0x037F, Word(vm, Data));
        Assert.Equal((ushort)0, Word(vm, Data + 2));
        Assert.Equal((ushort)0xFFFF, Word(vm, Data + 16 + 8)); // the 32-bit environment's tag word
    }

    [Fact]
    public void Fnstsw_ax_reads_the_status_word_with_its_top_of_stack()
    {
        using var vm = LongGuest(a =>
        {
            a.fninit();
            a.fnstsw(ax);
        });
        vm.Cpu.Architectural.Fsw = 0x3800; // TOP = 7

        Guest.RunToHalt(vm);

        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.AX));
    }

    [Theory]
    [InlineData((ushort)0x003F, (ushort)0x007F)]
    [InlineData((ushort)0xFFFF, (ushort)0x1F7F)]
    [InlineData((ushort)0x0C3F, (ushort)0x0C7F)]
    public void Fldcw_keeps_the_control_word_bits_the_processor_keeps(ushort loaded, ushort stored)
    {
        using var vm = LongGuest(a =>
        {
            a.fldcw(__word_ptr[rax]);
            a.fnstcw(__word_ptr[rax + 2]);
        });
        vm.Memory.Load(Data, BitConverter.GetBytes(loaded));

        Guest.RunToHalt(vm);

        Assert.Equal(stored, Word(vm, Data + 2));
        if (HostFpu.Available)
            Assert.Equal(HostStoredControlWord(loaded), stored);
    }

    private static ushort HostStoredControlWord(ushort loaded)
    {
        using var host = HostFpu.X87(a =>
        {
            a.fldcw(__word_ptr[rdi + HostFpuBlock.MemoryOffset]);
            a.fnstcw(__word_ptr[rdi + HostFpuBlock.MemoryOutOffset]);
            a.fldcw(__word_ptr[rdi + HostFpuBlock.ControlWordOffset]);
        });
        var block = HostFpuBlock.Create();
        block.Memory = loaded;
        host.Run(ref block);
        return (ushort)block.MemoryOut;
    }

    [Fact]
    public void Fnclex_clears_the_exception_flags_and_summary_but_keeps_top_and_condition_codes()
    {
        using var vm = LongGuest(a =>
        {
            a.fnclex();
            a.fnstsw(ax);
        });
        vm.Cpu.Architectural.Fsw = 0xC7FF;

        Guest.RunToHalt(vm);

        Assert.Equal(0x4700UL, vm.Cpu.GetRegister(Register.AX));
    }

    [Theory]
    [InlineData(Cr0Ts)]
    [InlineData(Cr0Em)]
    public void An_x87_instruction_with_cr0_ts_or_em_raises_device_not_available(ulong cr0Bit)
    {
        using var vm = LongGuest(a => a.fninit(), 7);
        vm.Cpu.Cr0 |= cr0Bit;

        Guest.RunToHalt(vm);

        Assert.Equal(7UL, vm.Cpu.GetRegister(Register.RDI));
    }

    [Theory]
    [InlineData(Cr0Ts, -1)]
    [InlineData(Cr0Ts | Cr0Mp, 7)]
    [InlineData(Cr0Em, -1)]
    public void Wait_raises_device_not_available_only_with_both_ts_and_mp(ulong cr0Bits, long rdi)
    {
        using var vm = LongGuest(a => a.wait(), 7);
        vm.Cpu.Cr0 |= cr0Bits;

        Guest.RunToHalt(vm);

        Assert.Equal((ulong)rdi, vm.Cpu.GetRegister(Register.RDI));
    }

    [Theory]
    [InlineData(true, 16)]
    [InlineData(false, -1)]
    public void A_pending_unmasked_exception_faults_the_next_waiting_instruction_with_cr0_ne(bool ne, long rdi)
    {
        // FLDCW unmasks IE while IE is flagged: the exception becomes pending, and WAIT delivers it as #MF.
        using var vm = LongGuest(a =>
        {
            a.fldcw(__word_ptr[rax]);
            a.wait();
        }, 16);
        vm.Memory.Load(Data, BitConverter.GetBytes((ushort)0x037E));
        vm.Cpu.Architectural.Fsw = 0x0001;
        if (ne)
            vm.Cpu.Cr0 |= Cr0Ne;

        Guest.RunToHalt(vm);

        Assert.Equal((ulong)rdi, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal((ushort)0x8081, vm.Cpu.Architectural.Fsw); // IE, ES and B
    }

    [Fact]
    public void A_non_waiting_instruction_runs_past_a_pending_exception()
    {
        using var vm = LongGuest(a =>
        {
            a.fnstsw(ax);
            a.fnclex();
            a.wait();
        }, 16);
        vm.Cpu.Architectural.Fsw = 0x8081;
        vm.Cpu.Architectural.Fcw = 0x037E;
        vm.Cpu.Cr0 |= Cr0Ne;

        Guest.RunToHalt(vm);

        Assert.Equal(ulong.MaxValue, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(0x8081UL, vm.Cpu.GetRegister(Register.AX));
    }

    [Theory]
    [InlineData(true, 16)]
    [InlineData(false, -1)]
    public void The_waiting_fstsw_checks_for_a_pending_exception_first_and_fnstsw_does_not(bool waiting, long rdi)
    {
        using var vm = LongGuest(a =>
        {
            if (waiting)
                a.fstsw(ax);
            else
                a.fnstsw(ax);
        }, 16);
        vm.Cpu.Architectural.Fsw = 0x8081;
        vm.Cpu.Architectural.Fcw = 0x037E;
        vm.Cpu.Cr0 |= Cr0Ne;

        Guest.RunToHalt(vm);

        Assert.Equal((ulong)rdi, vm.Cpu.GetRegister(Register.RDI));
    }

    [Fact]
    public void The_built_in_cpuid_advertises_fpu_and_fxsr_and_the_x87_family_executes_them()
    {
        using var vm = LongGuest(a =>
        {
            a.mov(eax, 1);
            a.cpuid();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(1UL | 1UL << 24, vm.Cpu.GetRegister(Register.RDX) & (1UL | 1UL << 24));
        var table = VCpu.RegisterFamilies();
        foreach (var code in new[] { Code.Fninit, Code.Fld_m80fp, Code.Fadd_st0_sti, Code.Fsin, Code.Fxsave_m512byte, Code.Fxrstor64_m512byte, Code.Ldmxcsr_m32 })
            Assert.Equal("x87", table.FamilyOf(code));
    }
}
