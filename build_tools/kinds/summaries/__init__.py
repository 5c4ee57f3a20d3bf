"""Knowledge summaries (kunnskapsoppsummeringer) for diagnoses and diagnosis groups."""
