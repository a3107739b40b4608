using System.IO;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Machines;

namespace TinyBoard;

/// <summary>The wiring the spec cannot say: the PC's 8259 PIC as the interrupt controller, the console, the way out.</summary>
public sealed partial class TinyBoardMachine
{
    /// <summary>The port of the 8259 PIC, as on a PC.</summary>
    public const ushort PicPort = 0x20;

    /// <summary>The interrupt controller: a lone 8259A from HvDsl.Machines.Pc taking the board's interrupt lines 0–7.</summary>
    public I8259Pic Pic { get; } = new();

    /// <summary>The status the guest asked for through the <c>Exit</c> hypercall, or null.</summary>
    public int? ExitStatus => Board.ExitStatus;

    partial void OnCreated()
    {
        Vm.PortIo.Register(PicPort, Pic);
        Vm.InterruptController = Pic;
        Board.ExitRequested += status => Vm.RequestStop($"guest called Exit({status})");
    }

    partial void Connect(MachineOptions options) => Board.Console = options.Console ?? Stream.Null;
}
