using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Running;

/// <summary>How an exit's qualification reads in <c>--trace</c> lines.</summary>
internal static class ExitText
{
    /// <summary>The qualification of <paramref name="exit"/>: port, width and value for I/O, the index for MSRs, and so on.</summary>
    public static string Qualification(in VmExit exit) => exit.Reason switch
    {
        ExitReason.PortIo when exit.Direction == AccessDirection.Write => $"out port=0x{exit.Port:X} width={exit.Width} value=0x{exit.Value:X}",
        ExitReason.PortIo => $"in port=0x{exit.Port:X} width={exit.Width}",
        ExitReason.MsrRead => $"msr=0x{exit.Msr:X}",
        ExitReason.MsrWrite => $"msr=0x{exit.Msr:X} value=0x{exit.Value:X}",
        ExitReason.ControlRegister => $"cr{exit.ControlRegister} value=0x{exit.Value:X}",
        ExitReason.Mmio or ExitReason.UnmappedMemory => $"{exit.Direction.ToString().ToLowerInvariant()} address=0x{exit.Address:X} width={exit.Width}",
        _ => exit.Message ?? exit.Instruction.ToString(),
    };
}
