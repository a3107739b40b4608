using System;

namespace HvDsl.Runtime.Cpu;

/// <summary>Kinds of access a page walk checks.</summary>
[Flags]
internal enum PageAccess
{
    None = 0,
    Write = 1,
    User = 2,
    Fetch = 4,
}

public sealed unsafe partial class VCpu
{
    private const ulong PtePresent = 1, PteWritable = 2, PteUser = 4, PteAccessed = 0x20, PteDirty = 0x40, PteLarge = 0x80;
    private const ulong PteNoExecute = 1UL << 63;
    private const ulong PhysMask = 0x000F_FFFF_FFFF_F000;

    private bool _paging;

    /// <summary>Translates a linear address, raising #PF (CR2 and error code) on failure.</summary>
    private bool Translate(ulong linear, PageAccess access, out ulong phys)
    {
        if (!_paging)
        {
            phys = Mode == CpuMode.Long64 ? linear : (uint)linear;
            return true;
        }
        if (Walk(linear, access, setBits: true, out phys, out var error))
            return true;
        _state.Cr2 = linear;
        return Fault(14, error);
    }

    /// <summary>Translates without side effects: no fault, no accessed/dirty bits.</summary>
    private bool ProbeTranslate(ulong linear, PageAccess access, out ulong phys)
    {
        if (!_paging)
        {
            phys = Mode == CpuMode.Long64 ? linear : (uint)linear;
            return true;
        }
        return Walk(linear, access, setBits: false, out phys, out _);
    }

    /// <summary>
    /// Walks the guest page tables (32-bit, PAE or 4-level per CR4.PAE and EFER.LMA). The depth is fixed
    /// by the format, so a guest's looping tables cannot hang the host.
    /// </summary>
    private bool Walk(ulong linear, PageAccess access, bool setBits, out ulong phys, out uint error)
    {
        var user = (access & PageAccess.User) != 0;
        var write = (access & PageAccess.Write) != 0;
        var fetch = (access & PageAccess.Fetch) != 0;
        var nxe = (_state.Efer & EferNxe) != 0;
        error = (write ? 2u : 0) | (user ? 4u : 0) | (fetch && nxe ? 16u : 0);
        phys = 0;
        var allowWrite = true;
        var allowUser = true;
        var noExecute = false;
        ulong entry;
        ulong* entryPointer;
        int levels;
        ulong table;
        int shift;

        if ((_state.Cr4 & Cr4Pae) == 0)
        {
            // Classic 32-bit paging: 4-byte entries, 4 MiB pages with CR4.PSE.
            var pde = (uint*)Memory.PagePointer(_state.Cr3 & 0xFFFFF000, write: false);
            if (pde == null)
                return false;
            var pdePtr = pde + ((linear >> 22) & 0x3FF);
            uint e = *pdePtr;
            if ((e & PtePresent) == 0)
                return false;
            allowWrite = (e & PteWritable) != 0;
            allowUser = (e & PteUser) != 0;
            if ((e & PteLarge) != 0 && (_state.Cr4 & Cr4Pse) != 0)
            {
                if (!Permit(allowWrite, allowUser, false, user, write, fetch, ref error))
                    return false;
                if (setBits)
                    *pdePtr = e | (uint)PteAccessed | (write ? (uint)PteDirty : 0);
                phys = (e & 0xFFC00000u) | (linear & 0x3FFFFF);
                NoteLargePage(linear, 22);
                return true;
            }
            var pte = (uint*)Memory.PagePointer(e & 0xFFFFF000, write: false);
            if (pte == null)
                return false;
            var ptePtr = pte + ((linear >> 12) & 0x3FF);
            uint t = *ptePtr;
            if ((t & PtePresent) == 0)
                return false;
            allowWrite &= (t & PteWritable) != 0;
            allowUser &= (t & PteUser) != 0;
            if (!Permit(allowWrite, allowUser, false, user, write, fetch, ref error))
                return false;
            if (setBits)
            {
                *pdePtr = e | (uint)PteAccessed;
                *ptePtr = t | (uint)PteAccessed | (write ? (uint)PteDirty : 0);
            }
            phys = (t & 0xFFFFF000u) | (linear & 0xFFF);
            return true;
        }

        if ((_state.Efer & EferLma) != 0)
        {
            levels = 4;
            table = _state.Cr3 & PhysMask;
            shift = 39;
        }
        else
        {
            // PAE: the four PDPTEs carry only the present bit.
            var pdpt = (ulong*)Memory.PagePointer(_state.Cr3 & 0xFFFFFFE0, write: false);
            if (pdpt == null)
                return false;
            entry = pdpt[((_state.Cr3 & 0xFE0) >> 3) + ((linear >> 30) & 3)];
            if ((entry & PtePresent) == 0)
                return false;
            levels = 2;
            table = entry & PhysMask;
            shift = 21;
        }

        for (var level = levels; level >= 1; level--, shift -= 9)
        {
            var page = (ulong*)Memory.PagePointer(table, write: false);
            if (page == null)
            {
                error |= 9; // a table in unassigned space reads as all ones: present, with reserved bits set
                return false;
            }
            entryPointer = page + ((linear >> shift) & 0x1FF);
            entry = *entryPointer;
            if ((entry & PtePresent) == 0)
                return false;
            var leaf = level == 1 || ((entry & PteLarge) != 0 && shift is 21 or 30);
            if ((entry & ReservedEntryBits(shift, leaf, nxe)) != 0)
            {
                error |= 9; // reserved bit set: present + RSVD
                return false;
            }
            allowWrite &= (entry & PteWritable) != 0;
            allowUser &= (entry & PteUser) != 0;
            noExecute |= (entry & PteNoExecute) != 0;
            if (leaf)
            {
                // A leaf's accessed and dirty bits are set only by an access its permissions allow (SDM vol. 3A 4.8).
                if (!Permit(allowWrite, allowUser, noExecute && nxe, user, write, fetch, ref error))
                    return false;
                if (setBits)
                    *entryPointer = entry | PteAccessed | (write ? PteDirty : 0);
                var pageMask = (1UL << shift) - 1;
                phys = (entry & PhysMask & ~pageMask) | (linear & pageMask);
                if (shift > 12)
                    NoteLargePage(linear, shift);
                return true;
            }
            if (setBits && (entry & PteAccessed) == 0)
                *entryPointer = entry | PteAccessed;
            table = entry & PhysMask;
        }
        return false;
    }

    /// <summary>
    /// The bits a PAE or 4-level entry must hold 0 (SDM vol. 3A 4.5, tables 4-15 to 4-20): address bits from MAXPHYADDR
    /// to 51, XD without EFER.NXE, PS in a PML4 entry, and in a large page the address bits below its size (bit 12 is PAT).
    /// </summary>
    private static ulong ReservedEntryBits(int shift, bool leaf, bool nxe)
    {
        var reserved = PhysMask & ~((1UL << MaxPhysicalAddressBits) - 1);
        if (!nxe)
            reserved |= PteNoExecute;
        if (shift == 39)
            reserved |= PteLarge;
        else if (leaf && shift > 12)
            reserved |= ((1UL << shift) - 1) & ~0x1FFFUL;
        return reserved;
    }

    private bool Permit(bool allowWrite, bool allowUser, bool noExecute, bool user, bool write, bool fetch, ref uint error)
    {
        var ok = (!user || allowUser)
                 && (!write || allowWrite || (!user && (_state.Cr0 & Cr0Wp) == 0))
                 && !(fetch && noExecute);
        if (!ok)
            error |= 1; // the page was present: a protection fault
        return ok;
    }
}
