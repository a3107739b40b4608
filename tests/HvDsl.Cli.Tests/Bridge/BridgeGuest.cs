using System;
using System.IO;
using System.Threading.Tasks;
using HvDsl.Machines.Pc;
using HvDsl.Runtime;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Bridge;

/// <summary>A long-mode guest that makes socket-bridge hypercalls and stores each result in a numbered slot.</summary>
internal sealed class BridgeGuest
{
    public const ulong Code = 0x10_0000;
    public const ulong Data = 0x20_0000;
    private const ulong Results = 0x30_0000;
    private const int Again = -11;
    // Generous: a guest that polls a service spends instructions until the service answers, however busy the host.
    private const ulong Budget = 200_000_000;
    private readonly Assembler _a = new(64);

    /// <summary>Calls <paramref name="number"/> with the arguments in RBX, RCX, RDX and stores RAX in <paramref name="slot"/>; a null <paramref name="first"/> passes the handle kept in R12.</summary>
    public BridgeGuest Call(int slot, uint number, ulong? first, ulong second = 0, ulong third = 0) =>
        Emit(slot, number, first, second, third, poll: false);

    /// <summary>Like <see cref="Call"/>, but asks again while the answer is -EAGAIN, as a guest of the non-blocking bridge does.</summary>
    public BridgeGuest Poll(int slot, uint number, ulong? first, ulong second = 0, ulong third = 0) =>
        Emit(slot, number, first, second, third, poll: true);

    private BridgeGuest Emit(int slot, uint number, ulong? first, ulong second, ulong third, bool poll)
    {
        var call = _a.CreateLabel();
        _a.Label(ref call);
        _a.mov(eax, number);
        if (first is { } value) _a.mov(rbx, value);
        else _a.mov(rbx, r12);
        _a.mov(rcx, second);
        _a.mov(rdx, third);
        _a.vmcall();
        if (poll)
        {
            _a.cmp(rax, Again);
            _a.je(call);
        }
        _a.mov(__qword_ptr[Results + (ulong)slot * 8], rax);
        return this;
    }

    /// <summary>Keeps the last result as the handle later calls pass with a null RBX.</summary>
    public BridgeGuest KeepHandle()
    {
        _a.mov(r12, rax);
        return this;
    }

    /// <summary>Runs the guest on <paramref name="machine"/> with its services started, and returns the slots as signed results.</summary>
    public async Task<long[]> RunAsync(PcMachine machine, int slots)
    {
        _a.hlt();
        using var code = new MemoryStream();
        _a.Assemble(new StreamCodeWriter(code), Code);
        machine.Vm.Memory.Load(Code, code.ToArray());
        GuestBoot.Long(machine.Vm, 0x1_0000, Code, 0x8_0000);
        await Task.Run(() => machine.Vm.Run(Budget));
        var results = new long[slots];
        var buffer = new byte[8];
        for (var i = 0; i < slots; i++)
        {
            Assert.True(machine.Vm.Memory.Read(Results + (ulong)i * 8, buffer));
            results[i] = BitConverter.ToInt64(buffer);
        }
        return results;
    }
}
