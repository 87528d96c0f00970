"""Everything flowdeck keeps on disk: documents, profiles, drafts, history. No Textual."""
