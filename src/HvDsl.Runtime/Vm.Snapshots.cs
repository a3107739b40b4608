using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Cpu.State;
using HvDsl.Runtime.Devices;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Runtime;

public sealed partial class Vm
{
    /// <summary>
    /// Writes a snapshot of the whole VM to <paramref name="stream"/>: vCPUs, RAM and ROM, every <see cref="IDeviceState"/>
    /// device, interrupt-line levels and the virtual clock. Call it between <see cref="Run"/> calls.
    /// </summary>
    /// <remarks>The format is described in docs/runtime.md ("Snapshots").</remarks>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var file = new MemoryStream();
        file.Write(SnapshotFormat.Magic);
        file.Write(BitConverter.GetBytes(SnapshotFormat.Version));
        var writer = new BinaryWriter(file);
        Section(writer, SnapshotSection.Identity, w => MachineIdentity.Of(this).Write(w));
        Section(writer, SnapshotSection.Cpus, w =>
        {
            foreach (var cpu in _cpus) cpu.SaveState(w);
        });
        Section(writer, SnapshotSection.Clock, w =>
        {
            w.Write(Clock is VirtualClock clock ? clock.Offset : 0UL);
            w.Write(_eventsHeldUntil);
            foreach (var line in _lines) w.Write((byte)(line is null ? 0 : line.IsRaised ? 2 : 1));
            w.Write(_cutTurn);
        });
        Section(writer, SnapshotSection.Memory, w => MemoryImage.Write(Memory, w));
        Section(writer, SnapshotSection.Devices, w =>
        {
            foreach (var (name, device) in MachineIdentity.Devices(this))
            {
                if (device is not IDeviceState state) continue;
                var bytes = new MemoryStream();
                state.Save(new BinaryWriter(bytes));
                w.Write(name);
                w.Write((int)bytes.Length);
                w.Write(bytes.GetBuffer(), 0, (int)bytes.Length);
            }
        });
        writer.Flush();
        file.Write(SHA256.HashData(file.GetBuffer().AsSpan(0, (int)file.Length)));
        file.Position = 0;
        file.CopyTo(stream);
    }

    /// <summary>
    /// Replaces this VM's state with the snapshot in <paramref name="stream"/>, which must come from a VM built the same way
    /// (same machine: memory layout and devices). Timers are re-armed by the devices as they restore; decoded blocks and
    /// TLBs are dropped.
    /// </summary>
    /// <exception cref="SnapshotException">
    /// The snapshot is truncated, corrupt, of another version or of another machine; the message says what and where, and
    /// the VM is unchanged.
    /// </exception>
    public void Restore(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Restore(VmSnapshot.Read(stream, VmSnapshot.MaxBytes(MemoryImage.BackedBytes(Memory))));
    }

    /// <summary>
    /// Replaces this VM's state with <paramref name="snapshot"/>, already read and checksummed by <see cref="VmSnapshot.Read"/>,
    /// which must come from a VM built the same way.
    /// </summary>
    /// <exception cref="SnapshotException">The snapshot is malformed or of another machine; the message says what and where, and the VM is unchanged.</exception>
    public void Restore(VmSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var restored = SnapshotReader.Read(this, snapshot);
        restored.Memory.CopyTo(Memory);
        for (var i = 0; i < _cpus.Count; i++) _cpus[i].Apply(restored.Cpus[i]);
        Memory.ForgetCode();
        if (Clock is VirtualClock clock) clock.Offset = restored.ClockOffset;
        _eventsHeldUntil = restored.EventsHeldUntil;
        _cutTurn = restored.CutTurn;
        _timers.Clear();
        NextTimerDeadline = ulong.MaxValue;
        _stopRequest = null;
        for (var i = 0; i < _lines.Length; i++)
        {
            if (restored.Lines[i] != 0) GetInterruptLine(i).RestoreLevel(restored.Lines[i] == 2);
        }
        foreach (var (name, device) in MachineIdentity.Devices(this))
        {
            if (device is IDeviceState state && restored.Devices.TryGetValue(name, out var bytes))
                state.Restore(new BinaryReader(new MemoryStream(bytes)));
        }
        Restored?.Invoke();
    }

    /// <summary>
    /// Raised after <see cref="Restore(VmSnapshot)"/> has replaced the state and dropped every timer: the machine re-arms here the
    /// timers it drives from the host (e.g. polling host input), which a snapshot does not carry.
    /// </summary>
    public event Action? Restored;

    private static void Section(BinaryWriter writer, SnapshotSection tag, Action<BinaryWriter> body)
    {
        writer.Write((uint)tag);
        var lengthAt = writer.BaseStream.Position;
        writer.Write(0UL);
        body(writer);
        writer.Flush();
        var end = writer.BaseStream.Position;
        writer.BaseStream.Position = lengthAt;
        writer.Write((ulong)(end - lengthAt - 8));
        writer.BaseStream.Position = end;
    }

    /// <summary>A snapshot read and checked in full, not yet applied.</summary>
    internal sealed record RestoredState(
        IReadOnlyList<ArchitecturalState> Cpus, ulong ClockOffset, ulong EventsHeldUntil, byte[] Lines, int CutTurn, MemoryImage Memory, IReadOnlyDictionary<string, byte[]> Devices);
}
