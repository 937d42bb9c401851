using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

internal sealed class MailboxConfiguration : IEntityTypeConfiguration<Mailbox>
{
    public void Configure(EntityTypeBuilder<Mailbox> builder)
    {
        builder.ToTable("Mailboxes");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasMaxLength(Lengths.MailboxId);
        builder.Property(m => m.UserPrincipalName).HasMaxLength(Lengths.Address);
        builder.HasIndex(m => m.UserPrincipalName).IsUnique();
        builder.HasAlternateKey(m => m.Number);
        builder.Property(m => m.DisplayName).HasMaxLength(Lengths.Name);
        builder.Property(m => m.PrimaryAddress).HasMaxLength(Lengths.Address);
        builder.Property(m => m.TimeZone).HasMaxLength(128);
        builder.Property(m => m.TodoListId).HasMaxLength(Lengths.GraphId);
        builder.Property(m => m.LeaseOwner).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(Lengths.Error);
        builder.Property(m => m.EvaluatedWith).HasMaxLength(64);
    }
}
