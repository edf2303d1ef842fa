"""crmarena.studies"""
