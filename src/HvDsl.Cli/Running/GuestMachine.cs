using System;
using System.Reflection;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Machines;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Running;

/// <summary>The board a run starts: the reference PC, or a user's machine from <c>--machine ASSEMBLY[:TYPE]</c>.</summary>
/// <param name="Type">The machine's type, an <see cref="IMachine"/>.</param>
/// <param name="DefaultMemoryBytes">The RAM its spec declares, used when <c>--memory</c> is not given.</param>
/// <param name="Create">Builds the board from a host's options.</param>
internal sealed record GuestMachine(Type Type, ulong DefaultMemoryBytes, Func<MachineOptions, IMachine> Create)
{
    /// <summary>The reference PC.</summary>
    public static GuestMachine Pc { get; } = new(typeof(PcMachine), PcMachine.DefaultMemoryBytes, options => new PcMachine(options));

    /// <summary>The type's full name, for messages.</summary>
    public string Name => Type.FullName!;

    /// <summary>What a snapshot made on this board records of it, and what a resume compares.</summary>
    public SnapshotMachine Identity => SnapshotMachine.Of(Type);

    /// <summary>The most vCPUs the board takes: its <see cref="IMachine.MaxCpus"/>.</summary>
    public int MaxCpus => (int)MaxCpusOfMethod.MakeGenericMethod(Type).Invoke(null, null)!;

    /// <summary>Whether this is the reference PC, which alone has a BIOS and fw_cfg for <c>--firmware bios</c> and kernels.</summary>
    public bool IsPc => ReferenceEquals(this, Pc);

    /// <summary>The most RAM the board takes: its <see cref="IMachine.MaxMemoryBytes"/>.</summary>
    public ulong MaxMemoryBytes => (ulong)MaxMemoryBytesOfMethod.MakeGenericMethod(Type).Invoke(null, null)!;

    private static readonly MethodInfo MaxCpusOfMethod = typeof(GuestMachine).GetMethod(nameof(MaxCpusOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo MaxMemoryBytesOfMethod = typeof(GuestMachine).GetMethod(nameof(MaxMemoryBytesOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static int MaxCpusOf<T>() where T : IMachine => T.MaxCpus;

    private static ulong MaxMemoryBytesOf<T>() where T : IMachine => T.MaxMemoryBytes;
}
