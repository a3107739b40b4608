using System.IO;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>MOV DR (SDM vol. 2B, MOV—Move to/from Debug Registers; vol. 3A 18.2): DR0-DR7 hold what is written, with DR6's and DR7's fixed bits.</summary>
public sealed class DebugRegisterTests
{
    private const ulong Handler = 0x180000;

    /// <summary>A handler for <paramref name="vector"/> that pops the error code or RIP into RBX, reads DR6 and DR7 into RSI and RDI and halts.</summary>
    private static void LoadHandler(Vm vm, int vector)
    {
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);
            a.mov(rsi, dr6);
            a.mov(rdi, dr7);
            a.mov(r8, vector);
            a.hlt();
        }));
        Idt.Gate64(vm, vector, Handler);
    }

    [Fact]
    public void Mov_from_dr0_encoded_with_mod_bits_zero_reads_the_register_as_mod_three_does()
    {
        using var vm = Guest.Boot("real", a =>
        {
            a.mov(eax, 0xDEAD);
            a.mov(ebx, 0xACED);
            a.mov(dr0, ebx);
            a.db(0x0F, 0x21, 0x00); // mov eax, dr0 with ModRM.mod = 00 (kvm-unit-tests realmode's "mov dr with mod bits")
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(0xACEDUL, vm.Cpu.GetRegister(Register.EAX));
    }

    [Fact]
    public void Dr6_and_dr7_start_at_their_power_up_values_and_keep_only_writable_bits()
    {
        using var vm = Guest.Boot("protected", a =>
        {
            a.mov(eax, dr6);
            a.mov(ebx, dr7);
            a.mov(ecx, 0xFFFF_FFFF);
            a.mov(dr6, ecx);
            a.mov(ecx, 0xFFFF_DFFF); // every bit but GD
            a.mov(dr7, ecx);
            a.mov(ecx, dr6);
            a.mov(edx, dr7);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(0xFFFF_0FF0UL, vm.Cpu.GetRegister(Register.EAX));
        Assert.Equal(0x400UL, vm.Cpu.GetRegister(Register.EBX));
        Assert.Equal(0xFFFF_EFFFUL, vm.Cpu.GetRegister(Register.ECX));
        Assert.Equal(0xFFFF_07FFUL, vm.Cpu.GetRegister(Register.EDX));
    }

    [Fact]
    public void Dr4_and_dr5_are_dr6_and_dr7_while_cr4_de_is_clear()
    {
        using var vm = Guest.Boot("protected", a =>
        {
            a.mov(eax, 0x4001);
            a.db(0x0F, 0x23, 0xE0); // mov dr4, eax
            a.mov(eax, 0x3);
            a.db(0x0F, 0x23, 0xE8); // mov dr5, eax
            a.mov(ecx, dr6);
            a.mov(edx, dr7);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(0xFFFF_4FF1UL, vm.Cpu.GetRegister(Register.ECX));
        Assert.Equal(0x403UL, vm.Cpu.GetRegister(Register.EDX));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void Mov_to_dr6_or_dr7_with_a_bit_above_31_in_long_mode_raises_gp_zero_and_keeps_the_register(int number)
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(rax, 1UL << 32);
            if (number == 6)
                a.mov(dr6, rax);
            else
                a.mov(dr7, rax);
            a.hlt();
        });
        LoadHandler(vm, 13);

        Guest.RunToHalt(vm);

        Assert.Equal(13UL, vm.Cpu.GetRegister(Register.R8));
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal((0xFFFF_0FF0UL, 0x400UL), (vm.Cpu.GetRegister(Register.RSI), vm.Cpu.GetRegister(Register.RDI)));
    }

    [Fact]
    public void Mov_dr_while_dr7_gd_is_set_faults_with_db_at_the_access_sets_bd_and_clears_gd()
    {
        static void SetGd(Assembler a)
        {
            a.mov(eax, 0x2000);
            a.mov(dr7, rax);
        }
        using var vm = Guest.Boot("long", a =>
        {
            SetGd(a);
            a.mov(rcx, dr0);
            a.hlt();
        });
        LoadHandler(vm, 1);

        Guest.RunToHalt(vm);

        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.R8));
        Assert.Equal(Guest.Code + (ulong)Guest.Assemble(64, Guest.Code, SetGd).Length, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal(0xFFFF_2FF0UL, vm.Cpu.GetRegister(Register.RSI));
        Assert.Equal(0x400UL, vm.Cpu.GetRegister(Register.RDI));
    }

    [Fact]
    public void Debug_registers_survive_a_snapshot_round_trip()
    {
        using var source = Vm.WithMemory(1);
        Assert.True(source.Cpu.SetRegister(Register.DR0, 0xFFFF_8000_0000_1000));
        Assert.True(source.Cpu.SetRegister(Register.DR3, 0x7C00));
        Assert.True(source.Cpu.SetRegister(Register.DR6, 0x4001));
        Assert.True(source.Cpu.SetRegister(Register.DR7, 0x000D_0003));
        var stream = new MemoryStream();
        source.Save(stream);

        using var target = Vm.WithMemory(1);
        stream.Position = 0;
        target.Restore(stream);

        Assert.Equal(0xFFFF_8000_0000_1000UL, target.Cpu.GetRegister(Register.DR0));
        Assert.Equal(0x7C00UL, target.Cpu.GetRegister(Register.DR3));
        Assert.Equal(0xFFFF_4FF1UL, target.Cpu.GetRegister(Register.DR6));
        Assert.Equal(0x000D_0403UL, target.Cpu.GetRegister(Register.DR7));
    }
}
