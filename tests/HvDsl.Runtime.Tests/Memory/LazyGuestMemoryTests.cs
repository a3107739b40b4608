using System;
using System.Diagnostics;
using System.IO;
using HvDsl.Runtime.Memory;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Memory;

/// <summary>Guest RAM is reserved, not allocated: a large guest costs the pages it touches, and sizes the host cannot give are refused.</summary>
public sealed class LazyGuestMemoryTests
{
    private const ulong SixteenGiB = 16UL << 30;

    // Generous: eager RAM would cost the whole 16 GiB; the page tables and touched pages are a few tens of MiB.
    private const long ResidentBound = 512L << 20;

    private static long Resident()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    [Fact]
    public void Sixteen_gib_of_ram_cost_only_the_pages_the_guest_touches()
    {
        if (PhysicalMemory.HostLimit < SixteenGiB) return; // this host could not run such a guest at all
        var before = Resident();
        using var vm = new Vm(SixteenGiB);
        Guest.Load(vm, "long", a =>
        {
            var loop = a.CreateLabel();
            a.mov(rdi, 0x3_0000_0000UL); // 12 GiB: far above anything the boot code touches
            a.mov(ecx, 256);
            a.Label(ref loop);
            a.mov(__qword_ptr[rdi], rcx);
            a.add(rdi, 0x10_0000); // one page in every MiB
            a.loop(loop);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(256UL, Guest.ReadU64(vm, 0x3_0000_0000UL));
        Assert.Equal(1UL, Guest.ReadU64(vm, 0x3_0000_0000UL + 255 * 0x10_0000UL));
        Assert.InRange(Resident() - before, long.MinValue, ResidentBound);
    }

    [Fact]
    public void Snapshot_of_a_large_guest_holds_and_restores_only_its_written_pages()
    {
        if (PhysicalMemory.HostLimit < SixteenGiB) return; // this host could not hold such a guest at all
        var before = Resident();
        using var vm = new Vm(SixteenGiB);
        Assert.True(vm.Memory.Write(0x2_0000_0000UL, [1, 2, 3]));
        var snapshot = new MemoryStream();
        vm.Save(snapshot);

        using var restored = new Vm(SixteenGiB);
        Assert.True(restored.Memory.Write(0x1000, [9]));
        snapshot.Position = 0;
        restored.Restore(snapshot);

        Assert.InRange(snapshot.Length, 0, 1 << 20);
        Span<byte> bytes = stackalloc byte[3];
        Assert.True(restored.Memory.Read(0x2_0000_0000UL, bytes));
        Assert.Equal([1, 2, 3], bytes.ToArray());
        Assert.Equal(0UL, Guest.ReadU64(restored, 0x1000));
        Assert.InRange(Resident() - before, long.MinValue, ResidentBound);
    }

    [Fact]
    public void Ram_beyond_what_the_host_can_give_is_refused_naming_the_size_and_the_limit()
    {
        if (PhysicalMemory.HostLimit >= PhysicalMemory.MaxAddress) return; // no request this runtime can map is too large here
        var error = Assert.Throws<InsufficientMemoryException>(() => new Vm(PhysicalMemory.MaxAddress));
        Assert.StartsWith("Guest memory of 64 GiB is more than this host can give (", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
