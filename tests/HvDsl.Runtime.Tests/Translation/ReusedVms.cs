using System;
using System.IO;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>
/// The two VMs (interpreted and translated) and the compare buffers one fuzz worker reuses for program after program:
/// building two 4 MiB VMs was two thirds of a program. Each is returned to a newly built VM's state before a program
/// boots on it (restored to the snapshot it had when new, its vCPU's history forgotten), which
/// <c>ReusedVmTests</c> proves ends every program as a fresh VM does.
/// </summary>
internal sealed class ReusedVms : IDisposable
{
    /// <summary>How much of the two memories is compared at a time.</summary>
    public const int Chunk = 64 << 10;

    private readonly Vm _interpreted = Vm.WithMemory(RandomProgram.MemoryBytes >> 20);
    private readonly Vm _compiled = Vm.WithMemory(RandomProgram.MemoryBytes >> 20);
    private readonly VmSnapshot _new;

    public ReusedVms()
    {
        using var stream = new MemoryStream();
        _interpreted.Save(stream);
        stream.Position = 0;
        _new = VmSnapshot.Read(stream, stream.Length);
    }

    /// <summary>The buffers memory is compared through.</summary>
    public (byte[] A, byte[] B) Buffers { get; } = (new byte[Chunk], new byte[Chunk]);

    /// <summary>The two VMs, back in a new VM's state and booted into <paramref name="program"/>: interpreted, then translated.</summary>
    public (Vm Interpreted, Vm Compiled) Boot(RandomProgram program) =>
        (program.Boot(Renew(_interpreted), translate: false), program.Boot(Renew(_compiled), translate: true));

    /// <summary>Returns <paramref name="vm"/> to the state it had when built.</summary>
    private Vm Renew(Vm vm)
    {
        vm.Restore(_new);
        foreach (var cpu in vm.Cpus)
            cpu.ForgetHistory();
        return vm;
    }

    public void Dispose()
    {
        _interpreted.Dispose();
        _compiled.Dispose();
    }
}
