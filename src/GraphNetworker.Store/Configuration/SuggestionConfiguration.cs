using GraphNetworker.Core.Model;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

internal sealed class SuggestionConfiguration : IEntityTypeConfiguration<Suggestion>
{
    public void Configure(EntityTypeBuilder<Suggestion> builder)
    {
        builder.ToTable("Suggestions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property<string>(Shadow.MailboxId).HasMaxLength(Lengths.MailboxId).IsRequired();
        builder.Property(s => s.PersonKey).HasMaxLength(Lengths.Key);
        builder.Property(s => s.DisplayName).HasMaxLength(Lengths.Name);
        builder.Property(s => s.Channel).HasMaxLength(32);
        builder.Property(s => s.GraphId).HasMaxLength(Lengths.GraphId);
        builder.Property(s => s.GraphListId).HasMaxLength(Lengths.GraphId);
        builder.HasIndex(Shadow.MailboxId, nameof(Suggestion.State)).HasDatabaseName("IX_Suggestions_MailboxId_State");
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(Shadow.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutlookWriteConfiguration : IEntityTypeConfiguration<OutlookWrite>
{
    public void Configure(EntityTypeBuilder<OutlookWrite> builder)
    {
        builder.ToTable("OutlookWrites");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.Property(w => w.SuggestionId).HasMaxLength(64);
        builder.Property(w => w.GraphId).HasMaxLength(Lengths.GraphId);
        builder.Property(w => w.RequestId).HasMaxLength(100);
        builder.Property(w => w.Error).HasMaxLength(Lengths.Error);
        builder.HasIndex(w => new { w.MailboxId, w.SuggestionId });
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(w => w.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
