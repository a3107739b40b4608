using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>
/// F3 0F BC, which Iced decodes as TZCNT, runs as BSF with an ignored REP prefix, as on a processor without BMI1 (SDM vol. 2B,
/// TZCNT), since CPUID does not advertise BMI1; compilers emit it as "rep bsf" for a count of trailing zeros that is BSF's.
/// </summary>
public sealed class RepBsfTests
{
    [Theory]
    [InlineData(0x10UL)]
    [InlineData(0x8000_0000_0000_0000UL)]
    [InlineData(0UL)]
    public void Tzcnt_encoding_leaves_what_bsf_leaves_in_the_destination_and_zf(ulong source)
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(rbx, source);
            a.mov(rax, 0x5555_5555_5555_5555);
            a.mov(rcx, rax);
            a.bsf(rcx, rbx);
            a.pushfq();
            a.tzcnt(rax, rbx);
            a.pushfq();
            a.pop(rdx);
            a.pop(rsi);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(vm.Cpu.GetRegister(Register.RCX), vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(vm.Cpu.GetRegister(Register.RSI) & 0x40, vm.Cpu.GetRegister(Register.RDX) & 0x40);
        Assert.Equal(source == 0 ? 0x40UL : 0, vm.Cpu.GetRegister(Register.RDX) & 0x40);
        if (source == 0)
            Assert.Equal(0x5555_5555_5555_5555UL, vm.Cpu.GetRegister(Register.RAX)); // not the operand width TZCNT gives
    }
}
