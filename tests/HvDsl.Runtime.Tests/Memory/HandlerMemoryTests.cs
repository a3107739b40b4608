using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;

namespace HvDsl.Runtime.Tests.Memory;

/// <summary>How a trap handler reaches guest memory for the guest: with the trapping code's rights, all or nothing.</summary>
public sealed class HandlerMemoryTests
{
    private const ulong User = 0x200000;
    private const ulong UserStack = 0x280000;
    private const ulong UserData = 0x300000;
    private const ulong SupervisorPage = 0x400000;
    private const ulong ReadOnlyUserPage = 0x600000;

    private sealed class StopAtHypercall : ITrapHandler
    {
        public ExitAction Handle(IGuestCpu cpu, in VmExit exit) =>
            exit.Reason == ExitReason.Hypercall ? ExitAction.Stop("hypercall") : ExitAction.Emulate;
    }

    /// <summary>An 8 MiB long-mode VM whose 2 MiB pages are user RW, except 4 MiB (supervisor RW) and 6 MiB (user read-only).</summary>
    private static Vm Boot()
    {
        var vm = Guest.Boot("long", a => a.hlt(), mebibytes: 8);
        SetLargePage(vm, SupervisorPage, 0x83);
        SetLargePage(vm, ReadOnlyUserPage, 0x85);
        return vm;
    }

    /// <summary>The same VM stopped at a VMCALL made from ring 3.</summary>
    private static Vm BootInRing3()
    {
        var vm = Boot();
        vm.Memory.Load(Guest.Code, Guest.Assemble(64, Guest.Code, a => Guest.EnterUser(a, GuestBoot.UserCode64, rflags: 0x2, User, UserStack)));
        vm.Memory.Load(User, Guest.Assemble(64, User, a => a.vmcall()));
        vm.TrapHandler = new StopAtHypercall();
        Assert.Equal(ExitReason.Hypercall, vm.Run(1_000).Reason);
        Assert.Equal(3, vm.Cpu.Cpl);
        return vm;
    }

    // The boot area's page directory of 2 MiB pages, one 8-byte entry per page.
    private static void SetLargePage(Vm vm, ulong address, ulong flags)
    {
        Span<byte> entry = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, address | flags);
        vm.Memory.Load(Guest.BootArea + GuestBoot.TablesOffset + 0x2000 + (address >> 21) * 8, entry);
    }

    private static byte[] Read(Vm vm, ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(vm.Memory.Read(address, bytes));
        return bytes;
    }

    [Fact]
    public void Ring_3_can_neither_read_nor_write_a_supervisor_page_with_the_guests_rights()
    {
        using var vm = BootInRing3();
        vm.Memory.Load(SupervisorPage, "secret"u8);
        var buffer = new byte[6];

        Assert.False(vm.Cpu.ReadLinearAsGuest(SupervisorPage, buffer));
        Assert.False(vm.Cpu.WriteLinearAsGuest(SupervisorPage, "hacked"u8));
        Assert.Equal("secret"u8.ToArray(), Read(vm, SupervisorPage, 6));
        Assert.True(vm.Cpu.ReadLinear(SupervisorPage, buffer));
    }

    [Fact]
    public void Ring_3_reads_and_writes_its_own_user_pages()
    {
        using var vm = BootInRing3();
        var buffer = new byte[4];

        Assert.True(vm.Cpu.WriteLinearAsGuest(UserData, "mine"u8));
        Assert.True(vm.Cpu.ReadLinearAsGuest(UserData, buffer));
        Assert.Equal("mine"u8.ToArray(), buffer);
    }

    [Fact]
    public void Ring_3_cannot_write_a_read_only_user_page()
    {
        using var vm = BootInRing3();

        Assert.False(vm.Cpu.WriteLinearAsGuest(ReadOnlyUserPage, "x"u8));
        Assert.Equal([0], Read(vm, ReadOnlyUserPage, 1));
    }

    [Fact]
    public void Write_spanning_a_user_and_a_supervisor_page_writes_nothing()
    {
        using var vm = BootInRing3();

        Assert.False(vm.Cpu.WriteLinearAsGuest(SupervisorPage - 8, Fill(new byte[16])));
        Assert.Equal(new byte[16], Read(vm, SupervisorPage - 8, 16));
    }

    [Fact]
    public void Ring_0_writes_a_read_only_page_only_while_cr0_wp_is_clear()
    {
        using var vm = Boot();
        Assert.Equal(0, vm.Cpu.Cpl);

        Assert.False(vm.Cpu.WriteLinearAsGuest(ReadOnlyUserPage, "x"u8));
        vm.Cpu.Cr0 &= ~0x1_0000UL;
        Assert.True(vm.Cpu.WriteLinearAsGuest(ReadOnlyUserPage, "x"u8));
        Assert.Equal("x"u8.ToArray(), Read(vm, ReadOnlyUserPage, 1));
    }

    [Fact]
    public void Physical_write_running_past_the_end_of_ram_writes_nothing()
    {
        using var vm = Vm.WithMemory(4);
        const ulong end = 4 << 20;

        Assert.False(vm.Cpu.WritePhysical(end - 8, Fill(new byte[16])));
        Assert.Equal(new byte[8], Read(vm, end - 8, 8));
    }

    private static Span<byte> Fill(Span<byte> bytes)
    {
        bytes.Fill(0xAA);
        return bytes;
    }
}
