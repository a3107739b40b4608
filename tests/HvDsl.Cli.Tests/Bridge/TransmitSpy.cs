using System.IO;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Tests.Bridge;

/// <summary>Records the bytes a guest writes to COM1's transmit register, then lets the machine's own handler run the access.</summary>
internal sealed class TransmitSpy(ITrapHandler machine) : ITrapHandler
{
    private const ushort Com1Transmit = 0x3F8;

    /// <summary>Everything written to THR so far.</summary>
    public MemoryStream Sent { get; } = new();

    public ExitAction Handle(IGuestCpu cpu, in VmExit exit)
    {
        if (exit is { Reason: ExitReason.PortIo, Direction: AccessDirection.Write, Port: Com1Transmit, Width: 1 }) Sent.WriteByte((byte)exit.Value);
        return machine.Handle(cpu, exit);
    }
}
