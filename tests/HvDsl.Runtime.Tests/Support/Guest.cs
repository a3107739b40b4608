using System;
using System.IO;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Support;

/// <summary>Builds guest programs with Iced's assembler and boots them in a fresh VM.</summary>
internal static class Guest
{
    public const ulong BootArea = 0x10000;
    public const ulong Code = 0x100000;
    public const ulong Stack = 0x80000;

    public static byte[] Assemble(int bitness, ulong address, Action<Assembler> program)
    {
        var assembler = new Assembler(bitness);
        program(assembler);
        using var stream = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(stream), address);
        return stream.ToArray();
    }

    /// <summary>A 4 MiB VM whose boot vCPU is in <paramref name="mode"/> at <see cref="Code"/> (real mode: 0000:7C00).</summary>
    public static Vm Boot(string mode, Action<Assembler> program, int mebibytes = 4)
    {
        var vm = Vm.WithMemory(mebibytes);
        Load(vm, mode, program);
        return vm;
    }

    public static void Load(Vm vm, string mode, Action<Assembler> program)
    {
        switch (mode)
        {
            case "real":
                vm.Memory.Load(0x7C00, Assemble(16, 0x7C00, program));
                GuestBoot.Real(vm.Cpu, 0, 0x7C00);
                break;
            case "protected":
                vm.Memory.Load(Code, Assemble(32, Code, program));
                GuestBoot.Protected(vm, BootArea, Code, Stack);
                break;
            case "paged":
                vm.Memory.Load(Code, Assemble(32, Code, program));
                GuestBoot.Paged(vm, BootArea, Code, Stack);
                break;
            default:
                vm.Memory.Load(Code, Assemble(64, Code, program));
                GuestBoot.Long(vm, BootArea, Code, Stack);
                break;
        }
    }

    /// <summary>The kernel's way down to ring 3: an interrupt-return frame for the user program at <paramref name="entry"/> and its stack.</summary>
    public static void EnterUser(Assembler a, int codeSelector, int rflags, ulong entry, ulong stack)
    {
        a.push(GuestBoot.UserData);
        a.push((int)stack);
        a.push(rflags);
        a.push(codeSelector);
        a.push((int)entry);
        if (codeSelector == GuestBoot.UserCode64)
            a.iretq();
        else
            a.iretd();
    }

    /// <summary>Runs until HLT and asserts that is what stopped it.</summary>
    public static VmExit RunToHalt(Vm vm, ulong budget = 1_000_000)
    {
        var exit = vm.Run(budget);
        Assert.True(exit.Reason == ExitReason.Halt, $"expected HLT, got {exit}");
        return exit;
    }

    public static ulong ReadU64(Vm vm, ulong address)
    {
        Span<byte> buffer = stackalloc byte[8];
        Assert.True(vm.Memory.Read(address, buffer));
        return BitConverter.ToUInt64(buffer);
    }
}
