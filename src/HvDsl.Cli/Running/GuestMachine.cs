using System;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Machines;

namespace HvDsl.Cli.Running;

/// <summary>The board a run starts: the reference PC, or a user's machine from <c>--machine ASSEMBLY[:TYPE]</c>.</summary>
/// <param name="Name">The type's full name, for messages.</param>
/// <param name="DefaultMemoryBytes">The RAM its spec declares, used when <c>--memory</c> is not given.</param>
/// <param name="Create">Builds the board from a host's options.</param>
internal sealed record GuestMachine(string Name, ulong DefaultMemoryBytes, Func<MachineOptions, IMachine> Create)
{
    /// <summary>The reference PC.</summary>
    public static GuestMachine Pc { get; } = new(typeof(PcMachine).FullName!, PcMachine.DefaultMemoryBytes, options => new PcMachine(options));

    /// <summary>Whether this is the reference PC, which alone has a BIOS and fw_cfg for <c>--firmware bios</c> and kernels.</summary>
    public bool IsPc => ReferenceEquals(this, Pc);
}
