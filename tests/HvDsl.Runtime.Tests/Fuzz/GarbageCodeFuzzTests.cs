using System;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Fuzz;

/// <summary>Random bytes as guest code: every run ends as a guest event, never as a host exception or a hang.</summary>
public sealed class GarbageCodeFuzzTests
{
    private const int Sequences = 100_000;
    private const int SequenceLength = 32;
    private const ulong Budget = 64;

    [Theory]
    [InlineData("real")]
    [InlineData("protected")]
    [InlineData("long")]
    public void Random_code_never_escapes_as_a_host_exception(string mode)
    {
        using var vm = Vm.WithMemory(4);
        var random = new Random(mode.GetHashCode(StringComparison.Ordinal) ^ 0x5EED);
        var code = new byte[SequenceLength];
        var address = mode == "real" ? 0x7C00UL : Guest.Code;
        ulong instructions = 0;
        for (var i = 0; i < Sequences; i++)
        {
            random.NextBytes(code);
            // Reload the boot structures now and then: random stores may have wrecked them.
            if (i % 64 == 0)
                vm.Memory.Load(0, new byte[0x20000]);
            vm.Memory.Load(address, code);
            Boot(vm, mode);
            var before = vm.Cpu.InstructionCount;
            var exit = vm.Run(Budget);
            Assert.True(exit.Reason != HvDsl.Runtime.Exits.ExitReason.InternalError, exit.Message);
            instructions += vm.Cpu.InstructionCount - before;
            Assert.True(vm.Cpu.InstructionCount - before <= Budget + 1, "the budget bounds every run");
        }
        Assert.True(instructions > Sequences, $"only {instructions} instructions ran");
    }

    private static void Boot(Vm vm, string mode)
    {
        switch (mode)
        {
            case "real":
                GuestBoot.Real(vm.Cpu, 0, 0x7C00);
                break;
            case "protected":
                GuestBoot.Protected(vm, Guest.BootArea, Guest.Code, Guest.Stack);
                break;
            default:
                GuestBoot.Long(vm, Guest.BootArea, Guest.Code, Guest.Stack);
                break;
        }
        vm.Cpu.SetRegister(Register.RSI, 0x2000);
        vm.Cpu.SetRegister(Register.RDI, 0x3000);
        if (mode != "real")
            vm.Cpu.Idtr = new DescriptorTableRegister(0, 0);
    }
}
