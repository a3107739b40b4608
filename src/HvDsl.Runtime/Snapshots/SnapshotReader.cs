using System;
using System.Collections.Generic;
using System.IO;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Cpu.State;
using HvDsl.Runtime.Devices;

namespace HvDsl.Runtime.Snapshots;

/// <summary>Reads a snapshot into temporaries and checks all of it (format, checksum, machine, every section) before anything is applied.</summary>
internal static class SnapshotReader
{
    /// <summary>Checks all of <paramref name="snapshot"/> against <paramref name="target"/> and returns it ready to apply.</summary>
    public static Vm.RestoredState Read(Vm target, VmSnapshot snapshot)
    {
        var (reader, identity) = Identity(snapshot.Bytes, snapshot.Length);
        var bodyEnd = reader.BaseStream.Length;
        if (identity.Difference(MachineIdentity.Of(target)) is { } difference)
            throw new SnapshotException($"snapshot is of another machine: {difference}");
        var cpus = ReadSection(reader, SnapshotSection.Cpus, r =>
        {
            var list = new List<ArchitecturalState>();
            for (var i = 0; i < target.Cpus.Count; i++) list.Add(VCpu.ReadState(r));
            return list;
        });
        var (offset, held, lines, cut) = ReadSection(reader, SnapshotSection.Clock, r => (r.ReadUInt64(), ReadHold(r, cpus[0]), ReadLines(r), ReadCutTurn(r, cpus.Count)));
        var memory = ReadSection(reader, SnapshotSection.Memory, r => MemoryImage.Read(target.Memory, r));
        var devices = ReadSection(reader, SnapshotSection.Devices, r => ReadDevices(target, r));
        if (reader.BaseStream.Position != bodyEnd)
            throw new SnapshotException($"{bodyEnd - reader.BaseStream.Position} unexpected bytes after the last section at offset {reader.BaseStream.Position}");
        return new Vm.RestoredState(cpus, offset, held, lines, cut, memory, devices);
    }

    /// <summary>Reads the identity section of the checksummed snapshot in <paramref name="bytes"/>, leaving the reader at the next section.</summary>
    public static (BinaryReader Reader, MachineIdentity Identity) Identity(byte[] bytes, int length)
    {
        var reader = new BinaryReader(new MemoryStream(bytes, 0, length - SnapshotFormat.ChecksumSize, writable: false, publiclyVisible: true));
        reader.BaseStream.Position = SnapshotFormat.HeaderSize;
        return (reader, ReadSection(reader, SnapshotSection.Identity, MachineIdentity.Read));
    }

    /// <summary>Reads one section, which must be <paramref name="tag"/> and be consumed exactly by <paramref name="body"/>.</summary>
    private static T ReadSection<T>(BinaryReader reader, SnapshotSection tag, Func<BinaryReader, T> body)
    {
        var at = reader.BaseStream.Position;
        var remaining = reader.BaseStream.Length - at;
        if (remaining < SnapshotFormat.SectionHeaderSize)
            throw new SnapshotException($"section {tag} expected at offset {at}, but only {remaining} bytes remain");
        var found = reader.ReadUInt32();
        if (found != (uint)tag) throw new SnapshotException($"expected section {tag} at offset {at}, found tag 0x{found:X8}");
        var length = reader.ReadUInt64();
        var start = reader.BaseStream.Position;
        if (length > (ulong)(reader.BaseStream.Length - start))
            throw new SnapshotException($"section {tag} at offset {at} claims {length} bytes; only {reader.BaseStream.Length - start} remain");
        var section = new BinaryReader(new MemoryStream(((MemoryStream)reader.BaseStream).GetBuffer(), (int)start, (int)length, writable: false, publiclyVisible: true));
        T value;
        try
        {
            value = body(section);
        }
        catch (SnapshotException error)
        {
            throw new SnapshotException($"section {tag} at offset {at}: {error.Message}", error);
        }
        catch (Exception error) when (error is EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            throw new SnapshotException($"section {tag} at offset {at} is malformed: {error.Message}", error);
        }
        if (section.BaseStream.Position != (long)length)
            throw new SnapshotException($"section {tag} at offset {at} has {(long)length - section.BaseStream.Position} bytes its reader did not use");
        reader.BaseStream.Position = start + (long)length;
        return value;
    }

    // A hold past the end of the block a budget stop cut would keep timers from ever firing.
    private static ulong ReadHold(BinaryReader reader, in ArchitecturalState boot)
    {
        var held = reader.ReadUInt64();
        if (held > boot.Instructions && held - boot.Instructions > VCpu.LongestHold)
            throw new SnapshotException($"events are held until instruction {held}, more than a block past the vCPU's {boot.Instructions}");
        return held;
    }

    private static int ReadCutTurn(BinaryReader reader, int cpus)
    {
        var cut = reader.ReadInt32();
        if (cut < -1 || cut >= cpus) throw new SnapshotException($"the cut turn names vCPU {cut}; the machine has {cpus}");
        return cut;
    }

    private static byte[] ReadLines(BinaryReader reader)
    {
        var lines = reader.ReadBytes(256);
        if (lines.Length != 256) throw new EndOfStreamException("interrupt-line levels end early");
        foreach (var level in lines)
        {
            if (level > 2) throw new SnapshotException($"interrupt-line level {level} is not 0-2");
        }
        return lines;
    }

    // Each device's bytes are replayed into a fresh instance of its type, so a bad payload is found before the real one changes.
    private static Dictionary<string, byte[]> ReadDevices(Vm target, BinaryReader reader)
    {
        var devices = new Dictionary<string, byte[]>();
        var expected = new Dictionary<string, IIoDevice>();
        foreach (var (name, device) in MachineIdentity.Devices(target))
        {
            if (device is IDeviceState) expected[name] = device;
        }
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var name = reader.ReadString();
            var length = reader.ReadInt32();
            if (!expected.TryGetValue(name, out var device) || devices.ContainsKey(name))
                throw new SnapshotException($"device state for '{Printable.Escape(name)}', which this VM has no (or already restored) device for");
            if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                throw new SnapshotException($"device '{name}' claims {length} bytes; {reader.BaseStream.Length - reader.BaseStream.Position} remain");
            var bytes = reader.ReadBytes(length);
            CheckDevice(name, device, bytes);
            devices[name] = bytes;
        }
        if (devices.Count != expected.Count)
            throw new SnapshotException($"state for {expected.Count - devices.Count} of this VM's {expected.Count} devices is missing");
        return devices;
    }

    private static void CheckDevice(string name, IIoDevice device, byte[] bytes)
    {
        if (device.GetType().GetConstructor(Type.EmptyTypes) is not { } constructor) return;
        var scratch = (IDeviceState)constructor.Invoke(null);
        var stream = new MemoryStream(bytes, writable: false);
        try
        {
            scratch.Restore(new BinaryReader(stream));
        }
        catch (Exception error) when (error is EndOfStreamException or IOException or ArgumentException or FormatException or InvalidOperationException
            or IndexOutOfRangeException or OverflowException)
        {
            throw new SnapshotException($"device '{name}' ({device.GetType().Name}) state does not read back: {error.Message}", error);
        }
        if (stream.Position != bytes.Length)
            throw new SnapshotException($"device '{name}' ({device.GetType().Name}) state has {bytes.Length - stream.Position} bytes its reader did not use");
    }
}
