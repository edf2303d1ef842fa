"""crmarena.store"""
