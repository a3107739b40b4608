using System;
using System.Runtime.CompilerServices;
using HvDsl.Runtime.Devices;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Memory;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    private const int TlbSize = 256;
    private const ulong NoTag = ulong.MaxValue;

    // The largest page the vCPU maps: 4 MiB (32-bit paging with CR4.PSE); 2 MiB pages fall inside such a region.
    private const int LargePageRegionShift = 22;

    // A software TLB from linear page (tagged with the user bit) straight to the host page.
    private readonly ulong[] _readTag = new ulong[TlbSize];
    private readonly nint[] _readHost = new nint[TlbSize];
    private readonly ulong[] _writeTag = new ulong[TlbSize];
    private readonly nint[] _writeHost = new nint[TlbSize];
    private readonly ulong[] _fetchTag = new ulong[TlbSize];
    private readonly ulong[] _fetchPhys = new ulong[TlbSize];

    // Pages (by their low 12 bits) fetched from since the last full flush: a block link may rely on their translation even
    // after its fetch slot was reused, so INVLPG of such a page ends links; a shared bit only ends them more often.
    private readonly ulong[] _fetchedPages = new ulong[4096 / 64];
    private ulong _userTag;

    private readonly PhysicalMemory Memory;

    // One access to an MMIO hole or unmapped address, answered by the handler, replayed on re-execution.

    /// <summary>Drops every cached translation (CR3 write, paging-mode change).</summary>
    internal void FlushTlb()
    {
        Array.Fill(_readTag, NoTag);
        Array.Fill(_writeTag, NoTag);
        Array.Fill(_fetchTag, NoTag);
        Array.Clear(_fetchedPages);
        FlushSecondLevelTlb();
        ForgetLargePages();
        _fetchEpoch++;
    }

    /// <summary>Drops the write translations only (a page just started holding code).</summary>
    private void FlushWriteTlb() => Array.Fill(_writeTag, NoTag);

    /// <summary>
    /// INVLPG: drops the translations of the page holding <paramref name="linear"/> whatever its size. Where no large page
    /// was walked that is the page's own slots; in a 4 MiB region where one was, every first-level slot inside it (a 2 MiB
    /// or 4 MiB page fills one slot per 4 KiB page it is reached through) and the whole second level; after a 1 GiB page,
    /// everything. Links between decoded blocks go only with a code fetch translation, so INVLPG of a data page keeps them.
    /// </summary>
    private void InvalidatePage(ulong linear)
    {
        if (_gibPageWalked)
        {
            FlushTlb();
            return;
        }
        var page = linear >> 12;
        if (!LargePageWalkedIn(linear))
        {
            var index = (int)page & (TlbSize - 1);
            if (_readTag[index] >> 1 == page) _readTag[index] = NoTag;
            if (_writeTag[index] >> 1 == page) _writeTag[index] = NoTag;
            if (_fetchTag[index] >> 1 == page)
                _fetchTag[index] = NoTag;
            if (WasFetched(page))
                _fetchEpoch++;
            InvalidateSecondLevelPage(page);
            return;
        }
        var region = linear >> LargePageRegionShift;
        var fetchDropped = WasFetchedIn(region);
        for (var i = 0; i < TlbSize; i++)
        {
            if (_readTag[i] >> 1 >> (LargePageRegionShift - 12) == region) _readTag[i] = NoTag;
            if (_writeTag[i] >> 1 >> (LargePageRegionShift - 12) == region) _writeTag[i] = NoTag;
            if (_fetchTag[i] >> 1 >> (LargePageRegionShift - 12) == region)
                _fetchTag[i] = NoTag;
        }
        // A new second-level generation costs less than visiting the region's 1,024 entries in each of its two arrays.
        FlushSecondLevelTlb();
        if (fetchDropped)
            _fetchEpoch++;
    }

    private void NoteFetched(ulong page) => _fetchedPages[(page >> 6) & 63] |= 1UL << (int)(page & 63);

    private bool WasFetched(ulong page) => (_fetchedPages[(page >> 6) & 63] & (1UL << (int)(page & 63))) != 0;

    /// <summary>Whether any page of the 4 MiB <paramref name="region"/> may have been fetched from: its 1,024 pages cover 16 words of the bitmap.</summary>
    private bool WasFetchedIn(ulong region)
    {
        var first = (int)((region << (LargePageRegionShift - 12)) >> 6) & 63;
        for (var i = 0; i < 1 << (LargePageRegionShift - 12 - 6); i++)
        {
            if (_fetchedPages[first + i] != 0)
                return true;
        }
        return false;
    }

    /// <summary>Reads <paramref name="size"/> bytes at a linear address; false with a pending fault or exit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ReadLinear(ulong linear, int size, out ulong value)
    {
        var page = linear >> 12;
        var index = (int)page & (TlbSize - 1);
        if (_readTag[index] == ((page << 1) | _userTag) && (linear & 0xFFF) <= (ulong)(4096 - size))
        {
            value = ReadHost((byte*)_readHost[index] + (linear & 0xFFF), size);
            return true;
        }
        return ReadLinearSlow(linear, size, _userTag != 0, out value);
    }

    /// <summary>Writes <paramref name="size"/> bytes at a linear address; false with a pending fault or exit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool WriteLinear(ulong linear, int size, ulong value)
    {
        var page = linear >> 12;
        var index = (int)page & (TlbSize - 1);
        if (_writeTag[index] == ((page << 1) | _userTag) && (linear & 0xFFF) <= (ulong)(4096 - size))
        {
            WriteHost((byte*)_writeHost[index] + (linear & 0xFFF), size, value);
            return true;
        }
        return WriteLinearSlow(linear, size, value, _userTag != 0);
    }

    private bool ReadLinearSlow(ulong linear, int size, bool user, out ulong value)
    {
        // With a breakpoint enabled nothing is cached, so every access comes here to be matched.
        var watching = (_state.Dr7 & Dr7Enables) != 0;
        if (watching)
            NoteDataAccess(linear, size, write: false);
        else if ((linear & 0xFFF) <= (ulong)(4096 - size) && SecondLevelLookup(_readTlb2, linear, user, _tlbGeneration, out _) is var cached && cached != null)
        {
            FillFirstLevel(_readTag, _readHost, linear, user, cached);
            value = ReadHost(cached + (linear & 0xFFF), size);
            return true;
        }
        value = 0;
        var access = user ? PageAccess.User : PageAccess.None;
        if (!Translate(linear, access, out var phys))
            return false;
        var last = linear + (ulong)size - 1;
        if ((last >> 12) == (linear >> 12))
        {
            var host = Memory.PagePointer(phys, write: false);
            if (host != null)
            {
                if (!watching)
                {
                    FillFirstLevel(_readTag, _readHost, linear, user, host);
                    SecondLevelFill(_readTlb2, linear, user, host, phys);
                }
                value = ReadHost(host + (phys & 0xFFF), size);
                return true;
            }
            return ReadPhysicalSlow(phys, size, out value);
        }
        // Crosses a page: both translations must succeed before any byte is read.
        if (!Translate(last, access, out _))
            return false;
        for (var i = 0; i < size; i++)
        {
            if (!Translate(linear + (ulong)i, access, out var p) || !ReadPhysicalSlow(p, 1, out var b))
                return false;
            value |= b << (i * 8);
        }
        return true;
    }

    private bool WriteLinearSlow(ulong linear, int size, ulong value, bool user)
    {
        var watching = (_state.Dr7 & Dr7Enables) != 0;
        if (watching)
            NoteDataAccess(linear, size, write: true);
        else if (SecondLevelWriteTarget(linear, size, user) is var target && target != null)
        {
            WriteHost(target, size, value);
            return true;
        }
        var access = PageAccess.Write | (user ? PageAccess.User : PageAccess.None);
        if (!Translate(linear, access, out var phys))
            return false;
        var last = linear + (ulong)size - 1;
        if ((last >> 12) == (linear >> 12))
        {
            var host = Memory.PagePointer(phys, write: true);
            if (host != null)
            {
                // A page holding decoded code gets no first-level entry (its writes must be noted), but a second-level one.
                if (!watching)
                    SecondLevelFill(_writeTlb2, linear, user, host, phys);
                if (Memory.CodeLines[phys >> 12] == 0 && !watching)
                {
                    FillFirstLevel(_writeTag, _writeHost, linear, user, host);
                    WriteHost(host + (phys & 0xFFF), size, value);
                    return true;
                }
                WriteHost(host + (phys & 0xFFF), size, value);
                NoteCodeWrite(phys, size);
                return true;
            }
            return WritePhysicalSlow(phys, size, value);
        }
        if (!Translate(last, access, out _))
            return false;
        for (var i = 0; i < size; i++)
        {
            if (!Translate(linear + (ulong)i, access, out var p) || !WritePhysicalSlow(p, 1, value >> (i * 8)))
                return false;
        }
        return true;
    }

    /// <summary>
    /// Where <paramref name="size"/> bytes at <paramref name="linear"/> (within one page) go by the second-level TLB, or null
    /// on its miss: a page without decoded code also gets its first-level entry; on one with code the write is noted
    /// (as the walk's path notes it), so a store beside code needs no page walk.
    /// </summary>
    private byte* SecondLevelWriteTarget(ulong linear, int size, bool user)
    {
        if ((linear & 0xFFF) > (ulong)(4096 - size))
            return null;
        var host = SecondLevelLookup(_writeTlb2, linear, user, _tlbGeneration, out var phys);
        if (host == null)
            return null;
        if (Memory.CodeLines[phys >> 12] != 0)
        {
            NoteCodeWrite(phys | (linear & 0xFFF), size);
            return host + (linear & 0xFFF);
        }
        FillFirstLevel(_writeTag, _writeHost, linear, user, host);
        return host + (linear & 0xFFF);
    }

    /// <summary>Points the first-level TLB slot of <paramref name="linear"/>'s page at <paramref name="host"/>, tagged with the page and the privilege.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FillFirstLevel(ulong[] tags, nint[] hosts, ulong linear, bool user, byte* host)
    {
        var slot = (int)(linear >> 12) & (TlbSize - 1);
        tags[slot] = ((linear >> 12) << 1) | (user ? 1UL : 0);
        hosts[slot] = (nint)host;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadHost(byte* p, int size) => size switch
    {
        1 => *p,
        2 => Unsafe.ReadUnaligned<ushort>(p),
        4 => Unsafe.ReadUnaligned<uint>(p),
        _ => Unsafe.ReadUnaligned<ulong>(p),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteHost(byte* p, int size, ulong value)
    {
        switch (size)
        {
            case 1: *p = (byte)value; break;
            case 2: Unsafe.WriteUnaligned(p, (ushort)value); break;
            case 4: Unsafe.WriteUnaligned(p, (uint)value); break;
            default: Unsafe.WriteUnaligned(p, value); break;
        }
    }

    /// <summary>
    /// Set when a write lands on a page that holds decoded code: the running block may be stale, so the block loop leaves it
    /// after this instruction. A flag rather than an outcome, so a write deep inside an instruction (a REP MOVS element)
    /// needs no path back up; the block loop clears it when a block starts.
    /// </summary>
    private bool _codeWritten;

    private void NoteCodeWrite(ulong phys, int size)
    {
        if (Memory.NoteWrite(phys, size))
            _codeWritten = true;
    }

    /// <summary>Physical read of RAM/ROM, an MMIO device, an exit for holes, or all ones from unassigned space.</summary>
    private bool ReadPhysicalSlow(ulong phys, int size, out ulong value)
    {
        var host = Memory.PagePointer(phys, write: false);
        if (host != null)
        {
            value = 0;
            for (var i = 0; i < size && ((phys + (ulong)i) >> 12) == (phys >> 12); i++)
                value |= (ulong)host[(phys & 0xFFF) + (ulong)i] << (i * 8);
            return true;
        }
        if (FindMmio(phys, out var device, out var offset))
        {
            _chainUntil = 0;
            value = device.Read(offset, size) & SizeMask(size);
            return true;
        }
        return MemoryExit(phys, size, AccessDirection.Read, 0, out value);
    }

    private bool WritePhysicalSlow(ulong phys, int size, ulong value)
    {
        var host = Memory.PagePointer(phys, write: true);
        if (host != null)
        {
            WriteHost(host + (phys & 0xFFF), size, value);
            NoteCodeWrite(phys, size);
            return true;
        }
        if (Memory.IsBacked(phys))
            return true; // ROM: the store is dropped, as on a real board.
        if (FindMmio(phys, out var device, out var offset))
        {
            _chainUntil = 0;
            device.Write(offset, size, value & SizeMask(size));
            return true;
        }
        return MemoryExit(phys, size, AccessDirection.Write, value, out _);
    }

    // A processor's own window (a relocated local APIC) answers it before the shared bus does (SDM vol. 3A 11.4.4).
    private bool FindMmio(ulong phys, out IIoDevice device, out ulong offset)
    {
        if (LocalInterrupts?.OwnWindow is { } own && phys - own.Start < own.Device.Size)
        {
            device = own.Device;
            offset = phys - own.Start;
            return true;
        }
        return Vm.Mmio.TryFind(phys, out device, out offset);
    }

    /// <summary>An access no RAM, ROM or device answers: replay a latched answer, abort the instruction with an MMIO exit for a hole, or read all ones from unassigned space.</summary>
    private bool MemoryExit(ulong phys, int size, AccessDirection direction, ulong written, out ulong value)
    {
        if (_state.MmioLatchValid && _state.MmioLatchAddress == phys)
        {
            _state.MmioLatchValid = false;
            value = _state.MmioLatchValue & SizeMask(size);
            return true;
        }
        if (!Memory.IsMmioHole(phys))
        {
            // Unassigned space, as on a PC bus: a read sees all ones, a write is dropped, and the run goes on.
            Statistics.UnassignedAccesses++;
            value = SizeMask(size);
            return true;
        }
        value = 0;
        return RecordExit(new VmExit(ExitReason.Mmio, CurrentInstruction, phys, size, direction, written & SizeMask(size)));
    }

    /// <summary>Supplies the value of the access that caused an MMIO or unmapped-memory exit; resuming replays the instruction.</summary>
    public void CompleteMmioRead(in VmExit exit, ulong value)
    {
        _state.MmioLatchValid = true;
        _state.MmioLatchAddress = exit.Address;
        _state.MmioLatchValue = value;
    }
}
