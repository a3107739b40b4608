using System;
using System.IO;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Runtime.Tests.Snapshots;

/// <summary>Truncated, bit-flipped and wrong-machine snapshots are refused with <see cref="SnapshotException"/>, and the VM is unchanged.</summary>
public sealed class SnapshotRefusalTests
{
    private static readonly byte[] Good = TakeGood();

    private static byte[] TakeGood()
    {
        using var vm = SnapshotVm.Create();
        vm.Run(3001);
        return SnapshotVm.Save(vm);
    }

    /// <summary>Restoring <paramref name="snapshot"/> into a running VM throws SnapshotException and leaves it as it was.</summary>
    private static SnapshotException AssertRefused(byte[] snapshot, Vm? target = null)
    {
        using var own = target is null ? SnapshotVm.Create() : null;
        var vm = target ?? own!;
        vm.Run(777);
        var before = SnapshotVm.Save(vm);
        var error = Assert.Throws<SnapshotException>(() => vm.Restore(new MemoryStream(snapshot)));
        Assert.Equal(before, SnapshotVm.Save(vm));
        return error;
    }

    [Fact]
    public void Truncated_snapshots_are_refused()
    {
        for (var length = 0; length < Good.Length; length += Math.Max(1, Good.Length / 97))
            AssertRefused(Good[..length]);
        AssertRefused(Good[..^1]);
    }

    [Fact]
    public void Bit_flips_anywhere_are_refused()
    {
        for (var offset = 0; offset < Good.Length; offset += Math.Max(1, Good.Length / 193))
        {
            var flipped = (byte[])Good.Clone();
            flipped[offset] ^= (byte)(1 << (offset % 8));
            AssertRefused(flipped);
        }
    }

    [Fact]
    public void Checksum_failure_says_so()
    {
        var flipped = (byte[])Good.Clone();
        flipped[Good.Length / 2] ^= 1;
        Assert.Contains("checksum", AssertRefused(flipped).Message);
    }

    [Fact]
    public void Snapshot_of_a_vm_with_other_memory_is_refused()
    {
        using var bigger = SnapshotVm.Create(mebibytes: 8);
        Assert.Contains("memory Ram", AssertRefused(Good, bigger).Message);
    }

    [Fact]
    public void Snapshot_of_a_vm_with_other_devices_is_refused()
    {
        using var other = SnapshotVm.Create();
        other.PortIo.Register(0x90, new LatchDevice());
        Assert.Contains("io:0x90", AssertRefused(Good, other).Message);
    }

    [Fact]
    public void Newer_format_version_is_refused()
    {
        var newer = (byte[])Good.Clone();
        newer[8] = SnapshotFormat.Version + 1;
        Assert.Contains($"version {SnapshotFormat.Version + 1}", AssertRefused(newer).Message);
    }

    [Fact]
    public void Older_format_version_is_refused_naming_both_versions()
    {
        var older = (byte[])Good.Clone();
        older[8] = SnapshotFormat.Version - 1;
        Assert.Contains($"snapshot format version {SnapshotFormat.Version - 1} at offset 8; this runtime reads version {SnapshotFormat.Version}", AssertRefused(older).Message);
    }
}
